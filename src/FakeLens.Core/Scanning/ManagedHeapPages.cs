using System.Globalization;
using System.Runtime.InteropServices;

namespace FakeLens.Core.Scanning;

/// <summary>
/// Transparent huge pages for the managed heap (issue 19, ninth round). A 16 MP scan's detectors allocate hundreds of MB
/// of large arrays (float planes, re-saves, DCT coefficients) into memory the garbage collector committed afresh — the
/// scanner's aggressive collection after each heavy detector gives the freed regions back — so the kernel faults in and
/// zeroes every 4 KiB page on first write: ~200,000 minor faults per scan after the native ones were cut, at ~7 µs of
/// system time each on this project's virtual machine. Where the kernel's transparent huge pages are in
/// <c>madvise</c> mode (the common default), <c>madvise(MADV_HUGEPAGE)</c> over the collector's reserved address range
/// lets one fault map a whole 2 MiB page instead of 512 small ones. The advice covers the range the collector reserved
/// (regions, <c>GCRegionRange</c>; see <see cref="FindRange"/>: at most 1/64 of it may be a neighbouring anonymous mapping's,
/// never a file's): its commits (<c>mprotect</c>) keep it, its decommits (<c>mmap</c> over the
/// range) drop it, so <see cref="Advise"/> is called again before every detector (one system call). It changes no value
/// the program computes, only how the kernel backs the pages. <c>FAKELENS_HUGE_PAGES=0</c> turns it off; elsewhere
/// (not Linux, the collector not in regions mode, the range not found in <c>/proc/self/maps</c>) it does nothing.
/// The C library's heap (OpenCV, SkiaSharp, ONNX Runtime) gets the same from glibc itself with
/// <c>GLIBC_TUNABLES=glibc.malloc.hugetlb=1</c>, which the <c>fakelens</c> launcher sets (it must be in the environment
/// when the process starts).
/// </summary>
public static class ManagedHeapPages
{
    /// <summary>The environment variable that turns the advice off (<c>0</c>).</summary>
    public const string EnvironmentVariable = "FAKELENS_HUGE_PAGES";

    private const int MadviseHugePage = 14; // MADV_HUGEPAGE (asm-generic/mman-common.h)
    private const int MadviseNoHugePage = 15; // MADV_NOHUGEPAGE

    private static readonly Lock Gate = new();
    private static bool _searched;
    private static (nint Start, nuint Length)? _range;
    private static volatile bool _failed;

    /// <summary>Turned off by <see cref="EnvironmentVariable"/>=0, or not Linux.</summary>
    public static bool Enabled { get; } = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(EnvironmentVariable) is not "0";

    /// <summary>The collector's reserved range once found (for tests and the bench's header); null before or when not found.</summary>
    public static (nint Start, nuint Length)? Range
    {
        get
        {
            lock (Gate)
            {
                return _range;
            }
        }
    }

    /// <summary>
    /// Advises transparent huge pages over the collector's reserved range (found on the first call); true when advised. Call
    /// it again after collections that may have decommitted memory: the advice does not survive a decommit.
    /// </summary>
    public static bool Advise() => Advise(MadviseHugePage);

    /// <summary>Tests: the kernel's default for the range again (<c>MADV_NOHUGEPAGE</c>), to measure without the advice.</summary>
    internal static bool Unadvise() => Advise(MadviseNoHugePage);

    private static bool Advise(int advice)
    {
        if (!Enabled || _failed)
        {
            return false;
        }

        (nint Start, nuint Length)? range;
        lock (Gate)
        {
            if (!_searched)
            {
                _searched = true;
                _range = FindCollectorRange();
            }

            range = _range;
        }

        if (range is not { } r)
        {
            return false;
        }

        try
        {
            return Madvise(r.Start, r.Length, advice) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _failed = true;
            return false;
        }
    }

    /// <summary>The collector's reserved range (<c>GCRegionRange</c>, see <see cref="FindRange"/>) around a large-object heap array.</summary>
    internal static (nint Start, nuint Length)? FindCollectorRange()
    {
        try
        {
            if (!GC.GetConfigurationVariables().TryGetValue("GCRegionRange", out var value) ||
                !ulong.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) ||
                length == 0)
            {
                return null; // segments, not regions: no single reserved range
            }

            // An object on the large-object heap: its address lies in the range.
            var probe = new byte[128 << 10];
            var handle = GCHandle.Alloc(probe, GCHandleType.Pinned);
            ulong address;
            try
            {
                address = (ulong)handle.AddrOfPinnedObject();
            }
            finally
            {
                handle.Free();
            }

            return FindRange(File.ReadLines("/proc/self/maps"), address, length) is { } found ? ((nint)found.Start, (nuint)(found.End - found.Start)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException or InvalidCastException)
        {
            return null;
        }
    }

    /// <summary>
    /// In <paramref name="maps"/> (the lines of <c>/proc/self/maps</c>): the collector's reservation around
    /// <paramref name="address"/>, given its configured <paramref name="length"/>. The reservation is one anonymous mapping
    /// that commits and decommits split into many; its uncommitted tail (tens of GB) is by far the largest anonymous mapping
    /// above the address and ends where the reservation ends. The range returned ends there and reaches <paramref name="length"/> + 1/64 below it
    /// (the runtime rounds the reservation; 47.1 GB configured, 47.08 reserved here), within the contiguous anonymous mappings
    /// that hold the address — so it may take in part of a neighbouring anonymous mapping (a C heap arena's reserve), never a
    /// file or a named mapping. Null when the address is in no anonymous mapping, or the largest mapping of its run at or above
    /// the address is not at least a quarter of the length.
    /// </summary>
    internal static (ulong Start, ulong End)? FindRange(IEnumerable<string> maps, ulong address, ulong length)
    {
        // The run of contiguous anonymous mappings that holds the address.
        var run = new List<(ulong Start, ulong End)>();
        var holds = false;
        foreach (var line in maps)
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5)
            {
                continue;
            }

            var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
            var start = ulong.Parse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var end = ulong.Parse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var anonymous = fields[4] == "0" && (fields.Length < 6 || string.IsNullOrWhiteSpace(fields[5]));
            if (!anonymous || (run.Count > 0 && run[^1].End != start))
            {
                if (holds)
                {
                    break;
                }

                run.Clear();
                if (!anonymous)
                {
                    continue;
                }
            }

            run.Add((start, end));
            holds |= start <= address && address < end;
        }

        if (!holds)
        {
            return null;
        }

        var tail = run.Where(m => m.End > address).MaxBy(m => m.End - m.Start);
        if (tail.End - tail.Start < length / 4)
        {
            return null;
        }

        var reach = length + (length / 64);
        var from = Math.Max(run[0].Start, tail.End > reach ? tail.End - reach : 0);
        return from <= address ? (from, tail.End) : null;
    }

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
