using System.Buffers.Binary;
using FakeLens.Audio.Decoding;
using FakeLens.Core.Detection;

namespace FakeLens.Fuzz.Tests;

/// <summary>
/// Resource limits that had no test of their own (docs/fuzzing.md lists every limit and the test that holds it).
/// </summary>
public class ResourceLimitsTests
{
    [Fact]
    public void A_wav_with_more_chunks_than_the_limit_is_a_clear_per_file_error()
    {
        // RIFF/WAVE followed by 10,001 empty "junk" chunks and no format chunk: the walk stops at 10,000.
        const int chunks = 10_001;
        var wav = new byte[12 + (8 * chunks)];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(4), (uint)(wav.Length - 8));
        "WAVE"u8.CopyTo(wav.AsSpan(8));
        for (var i = 0; i < chunks; i++)
        {
            "junk"u8.CopyTo(wav.AsSpan(12 + (8 * i)));
        }

        var ex = Assert.Throws<MediaException>(() => WavIo.Read(wav));
        Assert.Contains("more than 10000 chunks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wav_just_under_the_chunk_limit_is_still_read()
    {
        // The same walk with 9,998 junk chunks, then fmt and data: the limit does not cut ordinary files.
        const int junk = 9_998;
        var samples = WavIo.Write([0.5f, -0.5f, 0.25f], 8000);
        var wav = new byte[samples.Length + (8 * junk)];
        samples.AsSpan(0, 12).CopyTo(wav);
        for (var i = 0; i < junk; i++)
        {
            "junk"u8.CopyTo(wav.AsSpan(12 + (8 * i)));
        }

        samples.AsSpan(12).CopyTo(wav.AsSpan(12 + (8 * junk)));

        var audio = WavIo.Read(wav);

        Assert.Equal(3, audio.Samples.Length);
    }
}
