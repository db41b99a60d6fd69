# The sha256 kernel's answer for N items, from Python's hashlib: item i is
# le64(i) || 64 KiB of splitmix64(seed 0) output; the answer adds the first
# four bytes (big-endian) of every digest.  Usage: sha256_kernel.py N
import hashlib, struct, sys
def splitmix(n):
    s = 0; out = bytearray()
    M = (1 << 64) - 1
    for _ in range(n // 8):
        s = (s + 0x9E3779B97F4A7C15) & M
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        out += struct.pack('<Q', z ^ (z >> 31))
    return bytes(out)
data = splitmix(65536)
n = int(sys.argv[1])
print(sum(int.from_bytes(hashlib.sha256(struct.pack('<Q', i) + data).digest()[:4], 'big') for i in range(n)))
