using System.Runtime.InteropServices;
using FakeLens.Core.Scanning;

namespace FakeLens.Core.Tests.Scanning;

public sealed class NativeHeapTests
{
    [Fact]
    public void Trim_reaches_glibc_malloc_trim_on_linux_and_does_nothing_elsewhere()
    {
        // Native blocks freed before the trim: the call must bind (entry point name, signature) and return normally.
        for (var i = 0; i < 8; i++)
        {
            Marshal.FreeHGlobal(Marshal.AllocHGlobal(4 << 20));
        }

        var trimmed = NativeHeap.Trim();

        Assert.Equal(OperatingSystem.IsLinux() && !File.Exists("/etc/alpine-release"), trimmed);
        Assert.Equal(trimmed, NativeHeap.Trim());
    }
}
