using System.Buffers.Binary;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Reads PNG text chunks (PNG specification, 3rd edition, §11.3.3: tEXt, zTXt, iTXt) and the eXIf chunk. This is
/// where AUTOMATIC1111 (<c>parameters</c>, PIL <c>PngInfo.add_text</c> in modules/images.py), ComfyUI
/// (<c>prompt</c>/<c>workflow</c>, nodes.py SaveImage), NovelAI (<c>Software</c>, <c>Source</c>, <c>Description</c>,
/// <c>Comment</c>), InvokeAI (<c>invokeai_metadata</c>, <c>sd-metadata</c>, <c>Dream</c>), Fooocus (<c>parameters</c>,
/// <c>fooocus_scheme</c>), Midjourney (<c>Description</c>, <c>Author</c>) and XMP (<c>XML:com.adobe.xmp</c>) live.
/// The walk is bounded by the file length and a chunk count; compressed text is inflated with a cap.
/// </summary>
internal static class PngTextChunks
{
    public const string XmpKeyword = "XML:com.adobe.xmp";

    private const int MaxChunks = 100_000;
    private const int MaxInflated = 8 * 1024 * 1024;
    private const int MaxTotalInflated = 32 * 1024 * 1024;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool IsPng(ReadOnlySpan<byte> file) => file.Length >= 8 && file[..8].SequenceEqual(Signature);

    /// <summary>Reads every text chunk into <paramref name="texts"/>; returns the IHDR colour type (or -1) so callers know whether there is an alpha channel.</summary>
    public static int Read(ReadOnlySpan<byte> file, List<LabelText> texts, List<string> notes, CancellationToken cancellationToken)
    {
        var colourType = -1;
        var inflatedTotal = 0;
        var pos = 8;
        for (var n = 0; n < MaxChunks && pos + 8 <= file.Length; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = BinaryPrimitives.ReadUInt32BigEndian(file.Slice(pos, 4));
            var type = file.Slice(pos + 4, 4);
            var dataStart = pos + 8;
            if (length > int.MaxValue || dataStart + (long)length > file.Length)
            {
                notes.Add($"PNG chunk '{Ascii(type)}' declares {length} bytes but the file ends first; reading stopped there.");
                break;
            }

            var data = file.Slice(dataStart, (int)length);
            if (type.SequenceEqual("IHDR"u8) && data.Length >= 13)
            {
                colourType = data[9];
            }
            else if (type.SequenceEqual("tEXt"u8))
            {
                if (Split(data, out var key, out var rest))
                {
                    texts.Add(new LabelText("PNG tEXt chunk", Normalise(key), TextDecoding.Latin1OrUtf8(rest)));
                }
            }
            else if (type.SequenceEqual("zTXt"u8))
            {
                if (Split(data, out var key, out var rest) && rest.Length >= 1)
                {
                    AddInflated("PNG zTXt chunk", key, rest[1..], texts, notes, ref inflatedTotal, utf8: false);
                }
            }
            else if (type.SequenceEqual("iTXt"u8))
            {
                ReadInternational(data, texts, notes, ref inflatedTotal);
            }
            else if (type.SequenceEqual("eXIf"u8))
            {
                ExifTextReader.Read(data, "PNG eXIf chunk", texts, notes);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            pos = dataStart + (int)length + 4;
        }

        return colourType;
    }

    private static void ReadInternational(ReadOnlySpan<byte> data, List<LabelText> texts, List<string> notes, ref int inflatedTotal)
    {
        // keyword \0 compression-flag compression-method language-tag \0 translated-keyword \0 text
        if (!Split(data, out var key, out var rest) || rest.Length < 2)
        {
            return;
        }

        var compressed = rest[0] == 1;
        rest = rest[2..];
        var languageEnd = rest.IndexOf((byte)0);
        if (languageEnd < 0)
        {
            return;
        }

        rest = rest[(languageEnd + 1)..];
        var translatedEnd = rest.IndexOf((byte)0);
        if (translatedEnd < 0)
        {
            return;
        }

        rest = rest[(translatedEnd + 1)..];
        if (compressed)
        {
            AddInflated("PNG iTXt chunk", key, rest, texts, notes, ref inflatedTotal, utf8: true);
        }
        else
        {
            texts.Add(new LabelText("PNG iTXt chunk", Normalise(key), TextDecoding.Utf8(rest)));
        }
    }

    private static void AddInflated(string place, string key, ReadOnlySpan<byte> compressed, List<LabelText> texts, List<string> notes, ref int inflatedTotal, bool utf8)
    {
        var budget = Math.Min(MaxInflated, MaxTotalInflated - inflatedTotal);
        if (budget <= 0)
        {
            notes.Add($"{place} '{key}' skipped: the file's compressed text already exceeds {MaxTotalInflated / (1024 * 1024)} MB.");
            return;
        }

        if (BoundedInflater.Zlib(compressed, budget) is not { } bytes)
        {
            notes.Add($"{place} '{key}' is corrupt or inflates beyond {budget / (1024 * 1024)} MB or {BoundedInflater.MaxRatio}× its compressed size (a decompression bomb); skipped.");
            return;
        }

        inflatedTotal += bytes.Length;
        texts.Add(new LabelText(place, Normalise(key), utf8 ? TextDecoding.Utf8(bytes) : TextDecoding.Latin1OrUtf8(bytes)));
    }

    /// <summary>Keyword (Latin-1, 1–79 bytes) and the bytes after its NUL; false when there is no NUL.</summary>
    private static bool Split(ReadOnlySpan<byte> data, out string key, out ReadOnlySpan<byte> rest)
    {
        var nul = data[..Math.Min(data.Length, 80)].IndexOf((byte)0);
        if (nul <= 0)
        {
            key = string.Empty;
            rest = default;
            return false;
        }

        key = System.Text.Encoding.Latin1.GetString(data[..nul]);
        rest = data[(nul + 1)..];
        return true;
    }

    /// <summary>XMP's keyword becomes <see cref="LabelReader.XmpKey"/>, so every XMP packet is found under one key.</summary>
    private static string Normalise(string key) => key == XmpKeyword ? LabelReader.XmpKey : key;

    private static string Ascii(ReadOnlySpan<byte> type)
    {
        Span<char> c = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            c[i] = type[i] is >= 32 and < 127 ? (char)type[i] : '?';
        }

        return new string(c);
    }
}
