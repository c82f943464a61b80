using System.Runtime.InteropServices;
using FakeLens.Core.Scanning;

namespace FakeLens.Core.Tests.Scanning;

/// <summary>Serial: the C heap and the resident set are the process's, so tests that allocate must not overlap these.</summary>
[CollectionDefinition(nameof(NativeHeapTests), DisableParallelization = true)]
public sealed class NativeHeapCollection;

[Collection(nameof(NativeHeapTests))]
public sealed class NativeHeapTests
{
    private const int BlockBytes = 8 << 20;
    private const int Blocks = 12;
    private static readonly bool Glibc = OperatingSystem.IsLinux() && !File.Exists("/etc/alpine-release");

    [Fact]
    public void Trim_reaches_glibc_malloc_trim_on_linux_and_does_nothing_elsewhere()
    {
        // Native blocks freed before the trim: the call must bind (entry point name, signature) and return normally.
        for (var i = 0; i < 8; i++)
        {
            Marshal.FreeHGlobal(Marshal.AllocHGlobal(4 << 20));
        }

        var trimmed = NativeHeap.Trim();

        Assert.Equal(Glibc, trimmed);
        Assert.Equal(trimmed, NativeHeap.Trim());
    }

    /// <summary>
    /// The SIFT pattern (issue 19, eighth round): 96 MB of 8 MB blocks allocated, written and freed, again and again. Outside
    /// a scope the rounds fault many of their pages in afresh; inside one only the first does, and the freed pages stay resident
    /// until the scope ends, when they are trimmed.
    /// </summary>
    [Fact]
    public void KeepFreedPages_reuses_freed_native_pages_and_gives_them_back_when_the_scope_ends()
    {
        // On a thread of its own, like a detector's: a thread arena (glibc unmaps its emptied heaps unless told not to).
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                ReuseAndRelease();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private static void ReuseAndRelease()
    {
        if (!Glibc)
        {
            using (NativeHeap.KeepFreedPages())
            {
                Assert.False(NativeHeap.Keeping);
            }

            return;
        }

        NativeHeap.Trim();
        var pages = Blocks * (BlockBytes / Environment.SystemPageSize);
        var without = Enumerable.Range(0, 3).Select(_ => FaultsOfOneRound()).ToArray();

        long rssBefore, rssKept;
        long[] within;
        using (NativeHeap.KeepFreedPages())
        {
            Assert.True(NativeHeap.Keeping);
            NativeHeap.Trim(); // what the rounds without the scope left in the bins, so that "kept" counts only the scope's
            rssBefore = ResidentBytes();
            within = [.. Enumerable.Range(0, 4).Select(_ => FaultsOfOneRound())];
            rssKept = ResidentBytes();
        }

        var rssTrimmed = ResidentBytes();

        // A thread arena's free top goes back at that arena's next free (malloc_trim reaches only its bins).
        Marshal.FreeHGlobal(Marshal.AllocHGlobal(1 << 20));
        var rssAfter = ResidentBytes();

        // Outside, glibc gives back part or all of the freed heap each round (how much depends on its dynamic thresholds:
        // 10,241 of 24,576 pages faulted again per round here); inside, the rounds after the first reuse the pages.
        Assert.All(within.Skip(1), f => Assert.True(f < pages / 10 && f < without.Min() / 4, $"{f} faults of {pages} pages within the scope (first round {within[0]}; without it {string.Join(", ", without)})"));
        Assert.True(rssKept - rssBefore > Blocks * (long)BlockBytes / 2, $"kept {(rssKept - rssBefore) >> 20} MiB");
        Assert.True(rssKept - rssAfter > Blocks * (long)BlockBytes * 3 / 4, $"released {(rssKept - rssAfter) >> 20} MiB ({(rssKept - rssTrimmed) >> 20} MiB by the trim) of {(rssKept - rssBefore) >> 20} MiB kept");
        Assert.False(NativeHeap.Keeping);
    }

    [Fact]
    public void Overlapping_scopes_keep_pages_until_the_last_one_ends_and_a_second_dispose_does_nothing()
    {
        var first = NativeHeap.KeepFreedPages();
        var second = NativeHeap.KeepFreedPages();
        first.Dispose();
        first.Dispose();

        Assert.Equal(Glibc, NativeHeap.Keeping);
        second.Dispose();
        Assert.False(NativeHeap.Keeping);
    }

    /// <summary>Minor page faults of this thread while it allocates, writes and frees <see cref="Blocks"/> blocks.</summary>
    private static long FaultsOfOneRound()
    {
        var before = ThreadMinorFaults();
        var blocks = new nint[Blocks];
        for (var b = 0; b < Blocks; b++)
        {
            blocks[b] = Marshal.AllocHGlobal(BlockBytes);
            for (var offset = 0; offset < BlockBytes; offset += Environment.SystemPageSize)
            {
                Marshal.WriteByte(blocks[b], offset, 1);
            }
        }

        foreach (var block in blocks)
        {
            Marshal.FreeHGlobal(block);
        }

        return ThreadMinorFaults() - before;
    }

    // Field 10 of /proc/thread-self/stat (after the parenthesised command name): minor faults of the calling thread only.
    private static long ThreadMinorFaults()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
