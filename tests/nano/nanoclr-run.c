/*
 * Runs .pe assemblies on the POSIX nanoCLR (nanoFramework.nanoCLR.so from nf-interpreter's
 * targets/posix) through its exported C API. Our own small host: the toolchain in
 * ../shared/tools/nano ships only the shared library, and the runtime's exit status is always 0,
 * so this host exits non-zero only when it cannot load something; the verdict comes from output.
 *
 * usage: nanoclr-run LIB.so mscorlib.pe [other.pe ...]
 * NANOCLR_HEAP_MAP=1: a printed line "HEAPMAP label" describes the managed heap instead (below);
 * NANOCLR_HEAP_MAP_ARRAYS=1 and NANOCLR_HEAP_MAP_CLASSES=1 add every array of 240 bytes or more
 * and a count of objects by type.
 */
#include <dlfcn.h>
#include <elf.h>
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

/* ---- heap map (NANOCLR_HEAP_MAP=1): a line the program prints that starts with "HEAPMAP" makes
 * the runtime collect garbage and this host describe the managed heap right there. The runtime's
 * internals are found in the library's own symbol table (it is not stripped). A heap block is three
 * pointers wide (24 bytes on the 64-bit build, 12 on the 32-bit one, as on the ESP32); its first 4
 * bytes are data type (u8), flags (u8) and size in blocks (u16), and an object's type index follows
 * at the next pointer-aligned offset; the heap is cut into clusters of at most 65,535 blocks, each
 * starting with its list node (one block) and free list (three pointers), then its payload start
 * and end pointers. The runner is built for the library's bitness (nano-lib.sh), so sizeof(void *)
 * gives the layout.
 * The garbage collection the map makes changes when the program's own collections fall, a little. */
typedef uint32_t (*GcFn)(void *engine);
static GcFn heap_gc;
static void *heap_engine;
static struct { uint8_t *location; uint32_t size; } *heap_region;

#if UINTPTR_MAX == 0xFFFFFFFFu
typedef Elf32_Ehdr ElfEhdr;
typedef Elf32_Shdr ElfShdr;
typedef Elf32_Sym ElfSym;
#else
typedef Elf64_Ehdr ElfEhdr;
typedef Elf64_Shdr ElfShdr;
typedef Elf64_Sym ElfSym;
#endif

static uintptr_t symbol_offset(const char *path, const char *name)
{
    size_t size = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) return 0;
    fseek(f, 0, SEEK_END);
    size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *elf = malloc(size);
    uintptr_t found = 0;
    if (elf != NULL && fread(elf, 1, size, f) == size)
    {
        ElfEhdr *eh = (ElfEhdr *)elf;
        ElfShdr *sh = (ElfShdr *)(elf + eh->e_shoff);
        for (int i = 0; i < eh->e_shnum && found == 0; i++)
        {
            if (sh[i].sh_type != SHT_SYMTAB) continue;
            ElfSym *sym = (ElfSym *)(elf + sh[i].sh_offset);
            const char *names = (const char *)(elf + sh[sh[i].sh_link].sh_offset);
            for (size_t k = 0; k < sh[i].sh_size / sizeof(ElfSym); k++)
                if (strcmp(names + sym[k].st_name, name) == 0) { found = sym[k].st_value; break; }
        }
    }
    free(elf);
    fclose(f);
    return found;
}

static int heap_map_init(const char *path, void *lib)
{
    Dl_info info;
    if (dladdr(dlsym(lib, "nanoCLR_Run"), &info) == 0) return 0;
    uintptr_t gc = symbol_offset(path, "_ZN22CLR_RT_ExecutionEngine24PerformGarbageCollectionEv");
    uintptr_t engine = symbol_offset(path, "g_CLR_RT_ExecutionEngine");
    uintptr_t region = symbol_offset(path, "s_CLR_RT_Heap");
    if (gc == 0 || engine == 0 || region == 0) return 0;
    uint8_t *base = (uint8_t *)info.dli_fbase;
    heap_gc = (GcFn)(void *)(base + gc);
    heap_engine = base + engine;
    heap_region = (void *)(base + region);
    return 1;
}

#define HEAP_BLOCK (3 * (uint32_t)sizeof(void *))
#define PAYLOAD_START (6 * sizeof(void *))   /* after the cluster's list node and free list */
#define CLASS_INDEX (sizeof(void *))          /* an object's type index, after the block header */
#define FREEBLOCK 24   /* DATATYPE_FREEBLOCK in nf-interpreter's CLR_DataType */

#define CLUSTER_BYTES (HEAP_BLOCK * 65535u)  /* the runtime's largest cluster */

static void heap_map(const char *label)
{
    heap_gc(heap_engine);
    uint32_t bytes[256] = {0}, count[256] = {0};
    uint32_t total = 0, free_bytes = 0, largest = 0, free_blocks = 0;
    static uint32_t cls_id[1024], cls_count[1024];
    int classes = 0;
    char map[8192];
    size_t m = 0;
    uint8_t *cluster = heap_region->location;
    uint32_t left = heap_region->size;
    while (left > 64)
    {
        uint32_t size = left < CLUSTER_BYTES ? left : CLUSTER_BYTES;
        uint8_t *p = *(uint8_t **)(cluster + PAYLOAD_START), *end = *(uint8_t **)(cluster + PAYLOAD_START + sizeof(void *)), *row = p;
        total += (uint32_t)(end - p);
        while (p < end)
        {
            uint8_t type = p[0];
            uint32_t n = *(uint16_t *)(p + 2) * HEAP_BLOCK;
            if (n == 0) break;
            bytes[type] += n;
            count[type]++;
            if (type == 17 && getenv("NANOCLR_HEAP_MAP_CLASSES") != NULL)  /* DATATYPE_CLASS: by type (assembly << 16 | type index) and size */
            {
                uint32_t id = *(uint32_t *)(p + CLASS_INDEX) ^ (n / HEAP_BLOCK) << 26;
                int k = 0;
                while (k < classes && cls_id[k] != id) k++;
                if (k == classes && classes < 1024) { cls_id[k] = id; cls_count[k] = 0; classes++; }
                if (k < classes) cls_count[k]++;
            }
            if (type == 19 && getenv("NANOCLR_HEAP_MAP_ARRAYS") != NULL && n >= 240) fprintf(stdout, "HEAPMAP array %u at %u\n", n, (unsigned)(p - *(uint8_t **)(cluster + PAYLOAD_START)));
            if (type == FREEBLOCK)
            {
                free_bytes += n;
                free_blocks++;
                if (n > largest) largest = n;
            }
            p += n;
            /* one character per 256 bytes, for the block that covers its start: '.' free, 'a' array,
             * 'o' object, 's' string, 'f' stack frame, 'c' cached (freed event) block, 'A' assembly,
             * '#' anything else */
            while (row < p && m < sizeof map - 2)
            {
                char k;
                switch (type)
                {
                    case FREEBLOCK: k = '.'; break;
                    case 15: k = 's'; break;   /* DATATYPE_STRING */
                    case 17: k = 'o'; break;   /* DATATYPE_CLASS */
                    case 19: k = 'a'; break;   /* DATATYPE_SZARRAY */
                    case 25: k = 'c'; break;   /* DATATYPE_CACHEDBLOCK */
                    case 26: k = 'A'; break;   /* DATATYPE_ASSEMBLY */
                    case 36: k = 'f'; break;   /* DATATYPE_STACK_FRAME */
                    default: k = '#'; break;
                }
                map[m++] = k;
                row += 256;
            }
        }
        if (m < sizeof map - 2) map[m++] = '|';
        cluster += size;
        left -= size;
    }
    map[m] = 0;
    fprintf(stdout, "HEAPMAP %s: heap %u, in use %u, free %u in %u blocks, largest free %u\n", label,
        total, total - free_bytes, free_bytes, free_blocks, largest);
    fprintf(stdout, "HEAPMAP %s: by type (data type: bytes/objects):", label);
    for (int t = 0; t < 256; t++)
        if (count[t] && t != FREEBLOCK) fprintf(stdout, " %d:%u/%u", t, bytes[t], count[t]);
    if (classes > 0) fprintf(stdout, "\nHEAPMAP %s: classes (assembly.type x fields+1 blocks: count):", label);
    for (int k = 0; k < classes; k++)
        fprintf(stdout, " %u.%u x%u:%u", (cls_id[k] >> 16) & 0x3FF, cls_id[k] & 0xFFFF, cls_id[k] >> 26, cls_count[k]);
    fprintf(stdout, "\nHEAPMAP %s: map %s\n", label, m > 1200 ? "(large)" : map);
}

static int heap_map_on;

static void print_text(const char *text)
{
    if (heap_map_on && strncmp(text, "HEAPMAP", 7) == 0)
    {
        char label[128];
        size_t n = strcspn(text + 7, "\r\n");
        if (n > sizeof label - 1) n = sizeof label - 1;
        memcpy(label, text + 7 + (text[7] == ' '), n);
        label[n - (text[7] == ' ' && n > 0)] = 0;
        heap_map(label);
        fflush(stdout);
        return;
    }
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
    const char *want_map = getenv("NANOCLR_HEAP_MAP");
    if (want_map != NULL && strcmp(want_map, "1") == 0)
    {
        heap_map_on = heap_map_init(argv[1], lib);
        if (!heap_map_on) fprintf(stderr, "nanoclr-run: no heap map (runtime symbols not found in %s)\n", argv[1]);
    }

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
