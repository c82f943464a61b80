using FakeLens.Imaging.Decoding;
using FakeLens.Provenance.C2pa.Signing;
using FakeLens.TestSupport;

namespace FakeLens.Provenance.Tests.C2pa.Signing;

/// <summary>Test images signed once per test class, and helpers to tamper with them.</summary>
internal static class SignedFiles
{
    public static RgbImage Image(int seed = 3) => Scenes.Natural(320, 240, seed);

    /// <summary>The same image with one pixel changed (a visible step of 60 levels in red).</summary>
    public static RgbImage WithOnePixelChanged(RgbImage image, int x, int y)
    {
        var px = (byte[])image.Pixels.Clone();
        var i = ((y * image.Width) + x) * 3;
        px[i] = (byte)(px[i] > 127 ? px[i] - 60 : px[i] + 60);
        return new RgbImage(image.Width, image.Height, px);
    }

    /// <summary>
    /// Puts the signed file's embedded manifest (the exclusion range) into another encoding of the image at the
    /// same offset: what a forger gets by editing pixels and keeping the manifest.
    /// </summary>
    public static byte[] SpliceManifest(C2paSignResult signed, byte[] otherEncoding)
    {
        var start = (int)signed.ExclusionStart;
        var length = (int)signed.ExclusionLength;
        var result = new byte[otherEncoding.Length + length];
        otherEncoding.AsSpan(0, start).CopyTo(result);
        signed.Bytes.AsSpan(start, length).CopyTo(result.AsSpan(start));
        otherEncoding.AsSpan(start).CopyTo(result.AsSpan(start + length));
        return result;
    }

    /// <summary>A mono 16-bit PCM WAV of a 440 Hz tone (8 kHz, <paramref name="samples"/> samples), with one sample optionally raised.</summary>
    public static byte[] Wav(int samples = 8000, int changedSample = -1)
    {
        var wav = new byte[44 + (samples * 2)];
        "RIFF"u8.CopyTo(wav);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), wav.Length - 8);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1); // PCM
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), 1); // mono
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), 8000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), 16000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), 2);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), samples * 2);
        for (var i = 0; i < samples; i++)
        {
            var v = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000.0)) + (i == changedSample ? 500 : 0);
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(44 + (2 * i)), (short)v);
        }

        return wav;
    }

    /// <summary>RIFF version of <see cref="SpliceManifest"/>: the signed C2PA chunk appended to the other encoding, RIFF size fixed.</summary>
    public static byte[] AppendRiffManifest(C2paSignResult signed, byte[] otherEncoding)
    {
        var chunk = signed.Bytes.AsSpan((int)signed.ExclusionStart);
        byte[] result = [.. otherEncoding, .. chunk];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(4), result.Length - 8);
        return result;
    }

    /// <summary>The signed file with the embedded manifest cut out.</summary>
    public static byte[] WithoutManifest(C2paSignResult signed)
    {
        var start = (int)signed.ExclusionStart;
        var length = (int)signed.ExclusionLength;
        return [.. signed.Bytes.AsSpan(0, start), .. signed.Bytes.AsSpan(start + length)];
    }
}
