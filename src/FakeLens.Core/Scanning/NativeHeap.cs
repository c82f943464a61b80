using System.Runtime.InteropServices;

namespace FakeLens.Core.Scanning;

/// <summary>
/// Hands the pages that native libraries (OpenCV, SkiaSharp, ONNX Runtime) have freed back to the operating system
/// after each detector (issue 19). glibc keeps freed blocks below its mmap threshold — which rises to 32 MB after the
/// first large free — in per-thread arenas, and a later detector on another thread cannot reuse another arena's
/// blocks, so a 16 MP scan's RSS only ever grew: SIFT's pyramid, then ELA's and the learned model's buffers, one on
/// top of the other (1.06 GB at the end of one scan). <c>malloc_trim(0)</c> releases the free pages of every arena.
/// Elsewhere (Windows, macOS, musl without <c>malloc_trim</c>) it does nothing.
/// </summary>
internal static class NativeHeap
{
    private static volatile bool _available = OperatingSystem.IsLinux();

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

    // DllImport rather than LibraryImport: the signature is blittable, and LibraryImport would need unsafe code in Core.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
