/*
 * Runs .pe assemblies on the POSIX nanoCLR (nanoFramework.nanoCLR.so from nf-interpreter's
 * targets/posix) through its exported C API. Our own small host: the toolchain in
 * ../shared/tools/nano ships only the shared library, and the runtime's exit status is always 0,
 * so this host exits non-zero only when it cannot load something; the verdict comes from output.
 *
 * usage: nanoclr-run LIB.so mscorlib.pe [other.pe ...]
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>
#include <unistd.h>

/* Layout of NANO_CLR_SETTINGS in the runtime's nanoCLR_native.h (BOOLs are 4 bytes). */
typedef struct
{
    unsigned short maxContextSwitches;
    int32_t waitForDebugger;
    int32_t enterDebuggerLoopAfterExit;
    int32_t performGarbageCollection;
    int32_t performHeapCompaction;
} ClrSettings;

typedef int (*LoadAssemblyFn)(const char16_t *name, const uint8_t *data, size_t size);
typedef void (*RunFn)(ClrSettings settings);
typedef void (*PrintCallback)(const char *text);
typedef void (*SetPrintFn)(PrintCallback callback);

static void print_text(const char *text)
{
    fputs(text, stdout);
    fflush(stdout);
}

static uint8_t *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *data = n > 0 ? malloc((size_t)n) : NULL;
    if (data != NULL && fread(data, 1, (size_t)n, f) != (size_t)n) { free(data); data = NULL; }
    fclose(f);
    *size = (size_t)n;
    return data;
}

int main(int argc, char **argv)
{
    if (argc < 3)
    {
        fprintf(stderr, "usage: %s nanoFramework.nanoCLR.so mscorlib.pe [more.pe ...]\n", argv[0]);
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW);
    if (lib == NULL) { fprintf(stderr, "nanoclr-run: %s\n", dlerror()); return 2; }
    LoadAssemblyFn load = (LoadAssemblyFn)dlsym(lib, "nanoCLR_LoadAssembly");
    RunFn run = (RunFn)dlsym(lib, "nanoCLR_Run");
    SetPrintFn set_print = (SetPrintFn)dlsym(lib, "nanoCLR_SetDebugPrintCallback");
    if (load == NULL || run == NULL || set_print == NULL)
    {
        fprintf(stderr, "nanoclr-run: %s does not export the nanoCLR API\n", argv[1]);
        return 2;
    }
    set_print(print_text);

    for (int i = 2; i < argc; i++)
    {
        size_t size = 0;
        uint8_t *data = read_all(argv[i], &size);
        if (data == NULL) { fprintf(stderr, "nanoclr-run: cannot read %s\n", argv[i]); return 2; }
        size_t length = strlen(argv[i]);
        char16_t *name = calloc(length + 1, sizeof(char16_t));
        for (size_t k = 0; k < length; k++) name[k] = (unsigned char)argv[i][k];
        int hr = load(name, data, size); /* the runtime keeps pointers to both */
        if (hr != 0) { fprintf(stderr, "nanoclr-run: loading %s failed (hr=0x%x)\n", argv[i], hr); return 2; }
    }

    ClrSettings settings;
    memset(&settings, 0, sizeof settings);
    settings.maxContextSwitches = 50;
    run(settings);
    fflush(stdout);
    /* The runtime's static destructors crash at exit; the run is over, leave without them. */
    _exit(0);
}
