using System.Globalization;
using FakeLens.Core.Scanning;

namespace FakeLens.Core.Tests.Scanning;

/// <summary>Serial with the native-heap tests: both measure this process's page faults and resident set.</summary>
[Collection(nameof(NativeHeapTests))]
public sealed class ManagedHeapPagesTests
{
    private const string Gc = "7f2dc0000000-7f2dc3dc6000 rw-p 00000000 00:00 0 \n7f2dc3dc6000-7f397c000000 ---p 00000000 00:00 0 ";
    private const ulong GcStart = 0x7f2dc0000000;
    private const ulong GcLength = 0x7f397c000000 - 0x7f2dc0000000;

    [Fact]
    public void FindRange_ends_where_the_reserved_tail_ends_and_stays_within_the_anonymous_mappings_around_the_address()
    {
        // As /proc/self/maps showed it in a 16 MP scan: a thread's stack (not adjacent) and an arena's reserve directly below
        // the collector's range, an arena's heap directly above, a library further up.
        string[] maps =
        [
            "7f2d927fe000-7f2d92ffe000 rw-p 00000000 00:00 0 ",
            "7f2dbfc01000-7f2dc0000000 ---p 00000000 00:00 0 ",
            .. Gc.Split('\n'),
            "7f397c000000-7f397c021000 rw-p 00000000 00:00 0 ",
            "7f3a11e00000-7f3a11e3e000 r-xp 00000000 08:01 1234 /usr/lib/libc.so.6",
        ];

        // The configured length a little above the reservation (the runtime rounds it down): from the adjacent reserve below
        // (within the 1/64 allowance) to the end of the uncommitted tail, not into the arena above.
        const ulong Below = 0x7f2dbfc01000;
        Assert.Equal((Below, GcStart + GcLength), ManagedHeapPages.FindRange(maps, GcStart + 0x1000, GcLength + (2 << 20)));
        Assert.Equal((Below, GcStart + GcLength), ManagedHeapPages.FindRange(maps, GcStart + GcLength - 1, GcLength));

        // A long anonymous neighbour below is cut at the length + 1/64.
        string[] longBelow = ["7f2000000000-7f2dc0000000 rw-p 00000000 00:00 0 ", .. Gc.Split('\n')];
        Assert.Equal((GcStart + GcLength - GcLength - (GcLength / 64), GcStart + GcLength), ManagedHeapPages.FindRange(longBelow, GcStart + 0x1000, GcLength));
    }

    [Fact]
    public void FindRange_gives_nothing_when_the_address_is_not_in_a_reservation_of_that_size()
    {
        string[] maps = ["7f2dbfc01000-7f2dc0000000 ---p 00000000 00:00 0 ", .. Gc.Split('\n'), "7f3a11e00000-7f3a11e3e000 r-xp 00000000 08:01 1234 /usr/lib/libc.so.6"];

        // The address outside any anonymous mapping (in the library); a configured length over four times the largest mapping.
        Assert.Null(ManagedHeapPages.FindRange(maps, 0x7f3a11e00100, GcLength));
        Assert.Null(ManagedHeapPages.FindRange(maps, GcStart + 0x1000, GcLength * 5));

        // The run cut by a file mapping: the address's part has no large tail.
        string[] cut = ["7f2dc0000000-7f2dc3dc6000 rw-p 00000000 00:00 0 ", "7f2dc3dc6000-7f2dc3dc7000 r--p 00000000 08:01 99 /tmp/x", "7f2dc3dc7000-7f397c000000 ---p 00000000 00:00 0 "];
        Assert.Null(ManagedHeapPages.FindRange(cut, GcStart + 0x1000, GcLength));

        // A named anonymous mapping ([heap]) is not the collector's.
        string[] named = ["55e46bfa6000-55e46c12a000 rw-p 00000000 00:00 0                          [heap]"];
        Assert.Null(ManagedHeapPages.FindRange(named, 0x55e46bfa7000, 0x100000));
    }

    /// <summary>
    /// This process's collector range is found and, where the kernel's transparent huge pages are available, a large array
    /// the collector commits afresh after an aggressive collection faults in under a quarter of its pages once advised, and
    /// under a quarter of what the same array faults without the advice (one fault per 4 KiB page).
    /// </summary>
    [Fact]
    public void Advise_makes_freshly_committed_large_arrays_fault_in_huge_pages()
    {
        if (!OperatingSystem.IsLinux() || !ManagedHeapPages.Enabled)
        {
            Assert.False(ManagedHeapPages.Advise());
            return;
        }

        var length = GC.GetConfigurationVariables().TryGetValue("GCRegionRange", out var r) ? Convert.ToUInt64(r, CultureInfo.InvariantCulture) : 0;
        if (length == 0)
        {
            return; // segments: nothing to advise
        }

        Assert.True(ManagedHeapPages.Advise(), $"range of {length:x} bytes not found in /proc/self/maps:\n{string.Join('\n', File.ReadLines("/proc/self/maps").Where(l => l.Contains(" 0 ", StringComparison.Ordinal) && !l.Contains('/', StringComparison.Ordinal)))}");
        var (start, size) = ManagedHeapPages.Range!.Value;
        Assert.InRange((ulong)size, length - (length / 64), length + (length / 64));
        var probe = new float[1 << 20];
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(probe, System.Runtime.InteropServices.GCHandleType.Pinned);
        var address = (ulong)handle.AddrOfPinnedObject();
        handle.Free();
        Assert.InRange(address, (ulong)start, (ulong)start + length - 1);

        var thp = File.Exists("/sys/kernel/mm/transparent_hugepage/enabled") ? File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled") : "[never]";
        if (thp.Contains("[never]", StringComparison.Ordinal))
        {
            return;
        }

        const int Bytes = 96 << 20;
        var pages = Bytes / Environment.SystemPageSize;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Assert.True(ManagedHeapPages.Unadvise());
        var without = FaultsWriting(Bytes);
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Assert.True(ManagedHeapPages.Advise());
        var with = FaultsWriting(Bytes);
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Assert.True(with < pages / 4 && with < without / 4, $"{with} faults writing {pages} pages of a fresh array with the advice, {without} without");
    }

    private static long FaultsWriting(int bytes)
    {
        var before = ThreadMinorFaults();
        var array = new byte[bytes];
        for (var i = 0; i < array.Length; i += Environment.SystemPageSize)
        {
            array[i] = 1;
        }

        var faults = ThreadMinorFaults() - before;
        GC.KeepAlive(array);
        return faults;
    }

    private static long ThreadMinorFaults()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7], CultureInfo.InvariantCulture);
    }
}
