# The blur kernel's answer for N rows, computed the slow, obvious way: the
# same generated 2048-px-wide image, the 17-tap binomial down the columns and
# then along the rows, edges clamped, rounded to 8 bits, summed.
# Usage: blur_kernel.py ROWS
import sys
from math import comb
W, R = 2048, 8
w = [comb(16, k) for k in range(17)]
def src(x, y):
    M = (1 << 64) - 1
    h = ((x * 0x9E3779B1) ^ (y * 0x85EBCA77)) & M
    h ^= h >> 15
    h = (h * 0x2C1B3C6D) & M
    h ^= h >> 12
    return (x // 8 + y // 8 + ((x * x + y * y) >> 9) + (h & 31)) & 255
rows = int(sys.argv[1])
img = [[src(x, y) for x in range(W)] for y in range(rows)]
total = 0
for y in range(rows):
    col = [sum(w[k] * img[min(max(y + k - R, 0), rows - 1)][x] for k in range(17)) for x in range(W)]
    for x in range(W):
        acc = sum(w[k] * col[min(max(x + k - R, 0), W - 1)] for k in range(17))
        total += (acc + (1 << 31)) >> 32
print(total)
