using System.Runtime.InteropServices;

namespace FakeLens.Core.Scanning;

/// <summary>
/// The C library's heap, for the pages that native libraries (OpenCV, SkiaSharp, ONNX Runtime) allocate and free (issue 19).
/// <para>
/// <see cref="Trim"/> hands freed pages back to the operating system after each detector. glibc keeps freed blocks below
/// its mmap threshold — which rises to 32 MB after the first large free — in per-thread arenas, and a later detector on
/// another thread cannot reuse another arena's blocks, so a 16 MP scan's RSS only ever grew: SIFT's pyramid, then ELA's
/// and the learned model's buffers, one on top of the other (1.06 GB at the end of one scan). <c>malloc_trim(0)</c>
/// releases the free pages of every arena.
/// </para>
/// <para>
/// <see cref="KeepFreedPages"/> does the opposite for the length of one heavy native step that frees and reallocates the
/// same large buffers over and over (SIFT builds and drops a ~125 MB pyramid per band, 18 times for a 16 MP photo). By
/// default glibc gives such buffers back at every free (mapped blocks are unmapped; a free top of heap above the trim
/// threshold is released), so every band touches fresh pages and the kernel faults and zeroes each one again: on this
/// project's virtual machine ~12 µs per 4 KiB page, 95,000–160,000 faults and ~35 % of copy-move.sift's CPU time at
/// 16 MP (docs/performance.md, eighth round). Within the scope, blocks up to 32 MB come from the arenas, freed pages stay
/// there for the next band (no trim threshold), and a thread arena's 64 MB heap that falls empty is kept (a top pad of
/// 64 MB; by default glibc unmaps it, whatever the trim threshold); when the last scope ends, the thresholds become
/// 32 MB (mapped; glibc's own adjustment, which <c>mallopt</c> turns off, goes as far) and 16 MB (trim, see
/// <see cref="TrimThreshold"/>), the pad glibc's 128 KiB, and the freed pages are trimmed.
/// </para>
/// Elsewhere (Windows, macOS, musl without <c>malloc_trim</c>/<c>mallopt</c>) both do nothing.
/// </summary>
public static class NativeHeap
{
    // glibc's mallopt parameters (malloc.h).
    private const int TrimThresholdParameter = -1;
    private const int TopPadParameter = -2;
    private const int MmapThresholdParameter = -3;

    /// <summary>Within a scope: extra room kept on top of a heap, as large as a thread arena's heap (glibc's HEAP_MAX_SIZE on
    /// 64-bit), so that a thread arena's heap that falls empty is not unmapped (glibc deletes it unless the pad is that large).</summary>
    internal const int KeepTopPad = 64 << 20;

    /// <summary>glibc's default top pad (DEFAULT_TOP_PAD), restored when the last scope ends.</summary>
    internal const int TopPad = 128 << 10;

    /// <summary>Blocks up to this size come from the arenas (glibc's largest dynamic mmap threshold on 64-bit).</summary>
    internal const int MmapThreshold = 32 << 20;

    /// <summary>The trim threshold once no scope is open: the free top of a heap above 16 MB goes back at the next free in that
    /// arena. (glibc's own adjustment sets twice the largest mapped block freed so far, 16–24 MB after SIFT's 8–12 MB pyramid
    /// levels; twice the 32 MB mmap threshold would keep a thread arena's top — up to its whole 64 MB heap — resident,
    /// since <c>malloc_trim</c> releases only the free chunks in the bins of a thread arena, not its top.)</summary>
    internal const int TrimThreshold = 16 << 20;

    private static readonly Lock Gate = new();
    private static volatile bool _available = OperatingSystem.IsLinux();
    private static volatile bool _tunable = OperatingSystem.IsLinux();

    // Process-wide by nature: the C library's heap is one per process, so overlapping scopes (two files at once) share it.
    private static int _scopes;

    /// <summary>Returns freed native heap pages to the system; false when the C library has no such call.</summary>
    public static bool Trim()
    {
        if (!_available)
        {
            return false;
        }

        try
        {
            MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _available = false;
            return false;
        }
    }

    /// <summary>
    /// Until the result is disposed, native blocks freed by any thread stay in the heap for reuse instead of going back to the
    /// system; disposing the last open scope restores the thresholds and trims. Scopes may overlap (several threads).
    /// </summary>
    public static IDisposable KeepFreedPages()
    {
        lock (Gate)
        {
            if (_scopes == 0 && !SetThresholds(MmapThreshold, int.MaxValue, KeepTopPad))
            {
                return Scope.None;
            }

            _scopes++;
        }

        return new Scope();
    }

    /// <summary>True while at least one <see cref="KeepFreedPages"/> scope is open (for tests).</summary>
    internal static bool Keeping
    {
        get
        {
            lock (Gate)
            {
                return _scopes > 0;
            }
        }
    }

    private static void Release()
    {
        lock (Gate)
        {
            if (--_scopes > 0)
            {
                return;
            }

            SetThresholds(MmapThreshold, TrimThreshold, TopPad);
        }

        Trim();
    }

    private static bool SetThresholds(int mmap, int trim, int topPad)
    {
        if (!_tunable)
        {
            return false;
        }

        try
        {
            // Order: the trim threshold first, so the heap never trims between the two calls with a small one.
            var ok = Mallopt(TrimThresholdParameter, trim) == 1;
            ok &= Mallopt(MmapThresholdParameter, mmap) == 1;
            ok &= Mallopt(TopPadParameter, topPad) == 1;
            _tunable = ok;
            return ok;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _tunable = false;
            return false;
        }
    }

    // DllImport rather than LibraryImport: the signature is blittable, and LibraryImport would need unsafe code in Core.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Mallopt(int parameter, int value);

    private sealed class Scope : IDisposable
    {
        public static readonly IDisposable None = new NoScope();

        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Release();
            }
        }

        private sealed class NoScope : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
