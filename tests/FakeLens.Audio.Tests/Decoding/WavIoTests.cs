using System.Buffers.Binary;
using FakeLens.Audio.Decoding;
using FakeLens.Core.Detection;

namespace FakeLens.Audio.Tests.Decoding;

public sealed class WavIoTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Written_wav_reads_back_within_quantisation(bool asFloat)
    {
        var samples = new[] { 0f, 0.5f, -0.5f, 0.999f, -1f, 0.123f };
        var wav = WavIo.Read(WavIo.Write(samples, 22_050, asFloat));

        Assert.Equal(22_050, wav.SampleRate);
        Assert.Equal(asFloat ? 32 : 16, wav.BitsPerSample);
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(samples[i], wav.Samples[i], asFloat ? 1e-6f : 1e-4f);
        }
    }

    [Theory]
    [InlineData(8, new byte[] { 192, 64 }, 0.5, -0.5)]
    [InlineData(24, new byte[] { 0, 0, 64, 0, 0, 192 }, 0.5, -0.5)]
    [InlineData(32, new byte[] { 0, 0, 0, 64, 0, 0, 0, 192 }, 0.5, -0.5)]
    public void Integer_depths_decode_to_the_same_scale(int bits, byte[] data, double first, double second)
    {
        var wav = WavIo.Read(Build(1, 8000, bits, 1, data));
        Assert.Equal(first, wav.Samples[0], 4);
        Assert.Equal(second, wav.Samples[1], 4);
    }

    [Fact]
    public void Stereo_is_mixed_to_mono()
    {
        var data = new byte[4];
        BinaryPrimitives.WriteInt16LittleEndian(data, 16384);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2), 0);
        var wav = WavIo.Read(Build(2, 16_000, 16, 1, data));
        Assert.Equal(2, wav.Channels);
        Assert.Single(wav.Samples);
        Assert.Equal(0.25, wav.Samples[0], 4);
    }

    [Fact]
    public void Data_size_larger_than_the_file_is_clipped_not_allocated()
    {
        var bytes = Build(1, 16_000, 16, 1, new byte[200]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), 0xFFFFFFF0);
        var wav = WavIo.Read(bytes);
        Assert.Equal(100, wav.Samples.Length);
    }

    [Theory]
    [InlineData("notwav", "not a WAV file")]
    [InlineData("channels0", "channels")]
    [InlineData("rate0", "sample rate")]
    [InlineData("bits12", "12-bit")]
    [InlineData("mp3format", "not supported")]
    [InlineData("nodata", "no audio data")]
    [InlineData("fmtshort", "format chunk")]
    [InlineData("blockalign", "block size")]
    public void Hostile_headers_raise_a_clear_media_error(string kind, string expected)
    {
        var bytes = kind switch
        {
            "notwav" => "RIFF\0\0\0\0AVI LIST"u8.ToArray(),
            "channels0" => Build(0, 16_000, 16, 1, new byte[8]),
            "rate0" => Build(1, 0, 16, 1, new byte[8]),
            "bits12" => Build(1, 16_000, 12, 1, new byte[8]),
            "mp3format" => Build(1, 16_000, 16, 0x55, new byte[8]),
            "nodata" => Build(1, 16_000, 16, 1, new byte[8])[..36],
            "fmtshort" => Truncated(),
            _ => BadAlign(),
        };

        var e = Assert.ThrowsAny<MediaException>(() => WavIo.Read(bytes));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_corruption_never_crashes()
    {
        var good = WavIo.Write(TestSignals.SyntheticSpeech(8000, 0.2), 8000);
        var random = new Random(11);
        for (var trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])good.Clone();
            for (var k = 0; k < 4; k++)
            {
                bytes[random.Next(0, 60)] = (byte)random.Next(256);
            }

            var cut = random.Next(0, bytes.Length + 1);
            try
            {
                var wav = WavIo.Read(bytes.AsSpan(0, cut));
                Assert.True(wav.Samples.Length <= bytes.Length);
            }
            catch (MediaException e)
            {
                Assert.StartsWith("WAV: ", e.Message, StringComparison.Ordinal);
            }
        }
    }

    private static byte[] Truncated()
    {
        var b = Build(1, 16_000, 16, 1, []);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 8);
        return b[..28];
    }

    private static byte[] BadAlign()
    {
        var b = Build(1, 16_000, 16, 1, new byte[8]);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(32), 7);
        return b;
    }

    private static byte[] Build(int channels, int rate, int bits, int format, byte[] data)
    {
        var b = new byte[44 + data.Length];
        "RIFF"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)(36 + data.Length));
        "WAVEfmt "u8.CopyTo(b.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), (ushort)format);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(22), (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(28), rate * channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(32), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(34), (ushort)bits);
        "data"u8.CopyTo(b.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(40), (uint)data.Length);
        data.CopyTo(b.AsSpan(44));
        return b;
    }
}
