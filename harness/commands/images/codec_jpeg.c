/* codec_jpeg.c - see codec_jpeg.h.
 *
 * libjpeg's default error handler prints and calls exit(): one corrupt
 * photo would end the whole batch, and in a thread it would end every
 * other thread's work too.  Here error_exit formats the message and
 * longjmps back to the call that started the decode, which frees what it
 * had and reports the file.  Warnings (a truncated file: "Premature end of
 * JPEG file", where libjpeg pads with grey) are errors too: the batch must
 * not write a half-grey picture as if it were fine. */
#include "commands/images/codec_jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

struct jpeg_failure {
    struct jpeg_error_mgr mgr;   /* first: libjpeg hands us this pointer */
    jmp_buf jump;
    char *error;
};

static void on_error_exit(j_common_ptr cinfo)
{
    struct jpeg_failure *f = (struct jpeg_failure *)cinfo->err;
    char msg[JMSG_LENGTH_MAX];

    (*cinfo->err->format_message)(cinfo, msg);
    snprintf(f->error, IMAGE_ERROR_LEN, "corrupt or unsupported JPEG: %.120s", msg);
    longjmp(f->jump, 1);
}

static void on_message(j_common_ptr cinfo, int level)
{
    /* level -1: a warning, which for us means damaged data. */
    if (level < 0)
        on_error_exit(cinfo);
}

/* Where the decoded row goes.  libjpeg-turbo's SIMD colour converters
 * (simd/x86_64/jdcolext-avx2.asm, jdcolext-sse2.asm, and the merged
 * upsamplers jdmrgext-*) write an output row that starts on a 32-byte
 * (AVX2) or 16-byte (SSE2) boundary with non-temporal stores (vmovntdq),
 * which go around the cache to memory: right for a whole picture written
 * once, wrong here, where the resizer reads the row the moment it is
 * written and so reads it back from memory.  malloc's 16-byte-aligned
 * row was 32-byte aligned or not by heap history alone: the same JPEG took
 * up to a third longer in a pool worker than in a forked worker or in seq
 * (the sample set's JPEGs 10-20% longer in all), and the pool's speedup
 * fell to 1.65x.  A row 8 bytes past a 32-byte boundary is aligned for
 * neither, so every row is written through the cache in every process. */
enum { ROW_ALIGN = 32, ROW_SKEW = 8 };

static void jpeg_failure_init(struct jpeg_failure *f, char *error)
{
    jpeg_std_error(&f->mgr);
    f->mgr.error_exit = on_error_exit;
    f->mgr.emit_message = on_message;
    f->error = error;
}

int jpeg_decode_rows(FILE *fp, const struct row_sink *sink, struct worker_ctx *ctx, char *error)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_failure fail;
    /* volatile: read after a longjmp, so it must not live in a register. */
    unsigned char *volatile row_mem = NULL;
    unsigned char *row;
    size_t row_size;

    jpeg_failure_init(&fail, error);
    cinfo.err = &fail.mgr;
    if (setjmp(fail.jump) != 0) {
        jpeg_destroy_decompress(&cinfo);
        free(row_mem);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_stdio_src(&cinfo, fp);
    jpeg_read_header(&cinfo, TRUE);
    cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    row_size = ((size_t)cinfo.output_width * 3 + ROW_SKEW + ROW_ALIGN - 1) / ROW_ALIGN * ROW_ALIGN;
    if (sink->begin(sink->arg, cinfo.output_width, cinfo.output_height, error) != 0 ||
        (row_mem = aligned_alloc(ROW_ALIGN, row_size)) == NULL) {
        if (error[0] == '\0')
            snprintf(error, IMAGE_ERROR_LEN, "out of memory for a row of %u pixels",
                     cinfo.output_width);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    row = row_mem + ROW_SKEW;
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[1] = {row};
        jpeg_read_scanlines(&cinfo, rows, 1);
        sink->row(sink->arg, row);
        if (ctx != NULL)
            checkpoint(ctx);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(row_mem);
    return 0;
}

int jpeg_write_rgb(FILE *fp, const struct image *im, int quality, struct worker_ctx *ctx,
                   char *error)
{
    struct jpeg_compress_struct cinfo;
    struct jpeg_failure fail;

    jpeg_failure_init(&fail, error);
    cinfo.err = &fail.mgr;
    if (setjmp(fail.jump) != 0) {
        jpeg_destroy_compress(&cinfo);
        return -1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, fp);
    cinfo.image_width = im->w;
    cinfo.image_height = im->h;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = im->px + (size_t)cinfo.next_scanline * im->w * 3;
        jpeg_write_scanlines(&cinfo, &row, 1);
        if (ctx != NULL)
            checkpoint(ctx);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    return 0;
}
