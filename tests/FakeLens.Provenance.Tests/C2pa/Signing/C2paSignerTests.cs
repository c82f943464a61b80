using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;
using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;
using FakeLens.Provenance.C2pa.Signing;

namespace FakeLens.Provenance.Tests.C2pa.Signing;

public sealed class C2paSignerTests : IDisposable
{
    private static readonly C2paSignOptions Options = new("trainedAlgorithmicMedia", "test");
    private readonly C2paSigningCredential credential;
    private readonly byte[] jpeg = ImageEncoder.Jpeg(SignedFiles.Image(), 90);
    private readonly byte[] png = ImageEncoder.Png(SignedFiles.Image());

    public C2paSignerTests()
    {
        var set = C2paTestCredentials.Create();
        credential = C2paSigningCredential.FromPem(set.ChainPem, set.KeyPem);
    }

    public void Dispose() => credential.Dispose();

    [Fact]
    public void Signed_jpeg_carries_one_JPEG_XT_APP11_segment_after_the_APP0_header_and_decodes_to_the_same_pixels()
    {
        var signed = C2paManifestSigner.Sign(jpeg, Options, credential);

        var segment = Assert.Single(JpegApp11.Segments(signed.Bytes));
        Assert.Equal(20, segment.Offset); // SOI (2) + JFIF APP0 (18)
        Assert.Equal(signed.ExclusionStart, segment.Offset);
        Assert.Equal("JP"u8.ToArray(), segment.Content[..2]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(segment.Content.AsSpan(4)));
        Assert.Equal("jumb"u8.ToArray(), segment.Content[12..16]);
        Assert.Equal(ImageDecoder.Decode(jpeg, 1_000_000).Image.Pixels, ImageDecoder.Decode(signed.Bytes, 1_000_000).Image.Pixels);
    }

    [Fact]
    public void Signed_png_carries_a_caBX_chunk_right_after_IHDR_with_a_correct_CRC()
    {
        var signed = C2paManifestSigner.Sign(png, Options, credential);

        Assert.Equal(33, signed.ExclusionStart); // signature (8) + IHDR (25)
        var chunk = signed.Bytes.AsSpan((int)signed.ExclusionStart, (int)signed.ExclusionLength);
        Assert.Equal("caBX"u8.ToArray(), chunk[4..8].ToArray());
        Assert.Equal(signed.ManifestStoreLength, (int)BinaryPrimitives.ReadUInt32BigEndian(chunk));
        Assert.Equal(0xAE426082u, PngCrc32.Compute("IEND"u8)); // the CRC every PNG ends with
        Assert.Equal(PngCrc32.Compute(chunk[4..^4]), BinaryPrimitives.ReadUInt32BigEndian(chunk[^4..]));
        Assert.Equal(ImageDecoder.Decode(png, 1_000_000).Image.Pixels, ImageDecoder.Decode(signed.Bytes, 1_000_000).Image.Pixels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Data_hash_exclusion_covers_exactly_the_embedded_manifest_and_hashes_the_rest(bool isPng)
    {
        var input = isPng ? png : jpeg;
        var signed = C2paManifestSigner.Sign(input, Options, credential);

        Assert.Equal(input, SignedFiles.WithoutManifest(signed));
        var store = JpegApp11.Store(signed.Bytes);
        Assert.Equal(signed.ManifestStoreLength, store.Length);
        var hashData = new CborReader(JpegApp11.Content(JpegApp11.Find(store, signed.ManifestLabel, "c2pa.assertions", "c2pa.hash.data")));
        var map = ReadMap(hashData);
        Assert.Equal(SHA256.HashData(input), (byte[])map["hash"]);
        Assert.Equal("sha256", map["alg"]);
        var exclusion = Assert.Single((List<object>)map["exclusions"]);
        var range = (Dictionary<string, object>)exclusion;
        Assert.Equal(signed.ExclusionStart, (long)range["start"]);
        Assert.Equal(signed.ExclusionLength, (long)range["length"]);
    }

    [Fact]
    public void Claim_signature_is_a_detached_COSE_Sign1_over_the_claim_with_the_chain_in_the_protected_header()
    {
        var signed = C2paManifestSigner.Sign(jpeg, Options, credential);
        var store = JpegApp11.Store(signed.Bytes);
        var claim = JpegApp11.Content(JpegApp11.Find(store, signed.ManifestLabel, "c2pa.claim.v2"));
        var cose = JpegApp11.Content(JpegApp11.Find(store, signed.ManifestLabel, "c2pa.signature"));

        var message = CoseSign1Message.DecodeSign1(cose);
        Assert.Null(message.Content);
        using var publicKey = credential.Chain[0].GetECDsaPublicKey()!;
        Assert.True(message.VerifyDetached(publicKey, claim));
        claim[^1] ^= 1;
        Assert.False(message.VerifyDetached(publicKey, claim));
        var chain = new CborReader(message.ProtectedHeaders[new CoseHeaderLabel(33)].EncodedValue);
        Assert.Equal(2, chain.ReadStartArray());
        Assert.Equal(credential.Chain[0].RawData, chain.ReadByteString());
        Assert.Equal(-7, message.ProtectedHeaders[CoseHeaderLabel.Algorithm].GetValueAsInt32()); // ES256
    }

    [Fact]
    public void Claim_lists_both_assertions_with_hashes_of_their_boxes_and_points_at_its_signature()
    {
        var signed = C2paManifestSigner.Sign(jpeg, Options with { Title = "A title" }, credential);
        var store = JpegApp11.Store(signed.Bytes);
        var claim = ReadMap(new CborReader(JpegApp11.Content(JpegApp11.Find(store, signed.ManifestLabel, "c2pa.claim.v2"))));

        Assert.Equal($"self#jumbf=/c2pa/{signed.ManifestLabel}/c2pa.signature", claim["signature"]);
        Assert.Equal("A title", claim["dc:title"]);
        Assert.StartsWith("xmp:iid:", (string)claim["instanceID"], StringComparison.Ordinal);
        Assert.StartsWith("urn:c2pa:", signed.ManifestLabel, StringComparison.Ordinal);
        var created = ((List<object>)claim["created_assertions"]).Cast<Dictionary<string, object>>().ToList();
        Assert.Equal(["self#jumbf=c2pa.assertions/c2pa.actions.v2", "self#jumbf=c2pa.assertions/c2pa.hash.data"], created.Select(c => (string)c["url"]));
        foreach (var c in created)
        {
            var label = ((string)c["url"])["self#jumbf=c2pa.assertions/".Length..];
            var box = JpegApp11.Find(store, signed.ManifestLabel, "c2pa.assertions", label);
            Assert.Equal(SHA256.HashData(box.AsSpan(8)), (byte[])c["hash"]);
        }
    }

    [Fact]
    public void Actions_assertion_starts_with_created_and_the_IPTC_source_type_then_the_requested_edits()
    {
        var signed = C2paManifestSigner.Sign(jpeg, Options with { Actions = ["c2pa.edited"] }, credential);
        var store = JpegApp11.Store(signed.Bytes);
        var actions = ReadMap(new CborReader(JpegApp11.Content(JpegApp11.Find(store, signed.ManifestLabel, "c2pa.assertions", "c2pa.actions.v2"))));

        var list = ((List<object>)actions["actions"]).Cast<Dictionary<string, object>>().ToList();
        Assert.Equal(["c2pa.created", "c2pa.edited"], list.Select(a => (string)a["action"]));
        Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", list[0]["digitalSourceType"]);
        Assert.Equal("FakeLens", ((Dictionary<string, object>)list[0]["softwareAgent"])["name"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Re_signing_replaces_the_existing_manifest_instead_of_stacking_a_second_one(bool isPng)
    {
        var input = isPng ? png : jpeg;
        var first = C2paManifestSigner.Sign(input, Options, credential);
        var second = C2paManifestSigner.Sign(first.Bytes, Options, credential);

        Assert.False(first.ReplacedExistingManifest);
        Assert.True(second.ReplacedExistingManifest);
        Assert.Equal(input, SignedFiles.WithoutManifest(second));
        var manifests = JpegApp11.Children(JpegApp11.Store(second.Bytes).AsSpan(8)).Where(c => c.Type == "jumb").ToList();
        Assert.Equal(second.ManifestLabel, Assert.Single(manifests).Label);
    }

    [Fact]
    public void Signed_webp_and_wav_end_with_a_C2PA_chunk_counted_in_the_RIFF_size()
    {
        var webp = ImageEncoder.WebP(SignedFiles.Image(), 80);
        var wav = SignedFiles.Wav();
        foreach (var input in new[] { webp, wav })
        {
            var signed = C2paManifestSigner.Sign(input, Options, credential);
            Assert.Equal(input == webp ? FakeLens.Core.Media.MediaFormat.WebP : FakeLens.Core.Media.MediaFormat.Wav, signed.Format);
            var again = C2paManifestSigner.Sign(signed.Bytes, Options with { Title = Options.Title + "!" }, credential);

            foreach (var s in new[] { signed, again })
            {
                Assert.Equal(s.Bytes.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(s.Bytes.AsSpan(4)));
                Assert.Equal(input.Length, s.ExclusionStart);
                Assert.True(s.Bytes.AsSpan((int)s.ExclusionStart, 4).SequenceEqual("C2PA"u8));
                Assert.Equal(s.ManifestStoreLength, BinaryPrimitives.ReadInt32LittleEndian(s.Bytes.AsSpan((int)s.ExclusionStart + 4)));
                Assert.Equal(s.ExclusionStart + s.ExclusionLength + (s.ManifestStoreLength & 1), s.Bytes.Length); // pad byte after an odd store
                Assert.Equal(input.AsSpan(8).ToArray(), s.Bytes.AsSpan(8, input.Length - 8).ToArray());
            }

            Assert.True(again.ReplacedExistingManifest);
            Assert.Equal(signed.ManifestStoreLength + 1, again.ManifestStoreLength); // one of the two is odd: the pad byte is exercised
        }

        var decoded = ImageDecoder.Decode(C2paManifestSigner.Sign(webp, Options, credential).Bytes, 1_000_000);
        Assert.Equal(ImageDecoder.Decode(webp, 1_000_000).Image.Pixels, decoded.Image.Pixels);
    }

    [Fact]
    public void Signed_mp4_replaces_the_manifest_box_after_ftyp_and_moves_every_chunk_offset_with_the_media()
    {
        var input = File.ReadAllBytes(FakeLens.TestSupport.TestData.Path("c2pa", "video1.mp4"));
        var signed = C2paManifestSigner.Sign(input, Options, credential);

        Assert.True(signed.ReplacedExistingManifest);
        Assert.Equal(FakeLens.Core.Media.MediaFormat.Mp4, signed.Format);
        Assert.Equal(24, signed.ExclusionStart); // right after ftyp
        Assert.True(signed.Bytes.AsSpan(28, 4).SequenceEqual("uuid"u8));
        Assert.Equal(signed.ExclusionLength, BinaryPrimitives.ReadUInt32BigEndian(signed.Bytes.AsSpan(24)));
        Assert.True(signed.Bytes.AsSpan(48, 13).SequenceEqual("\0\0\0\0manifest\0"u8));
        var before = ChunkOffsets(input);
        var after = ChunkOffsets(signed.Bytes);
        Assert.Equal(before.Count, after.Count);
        Assert.NotEmpty(before);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.NotEqual(before[i], after[i]);
            Assert.Equal(input.AsSpan((int)before[i], 32).ToArray(), signed.Bytes.AsSpan((int)after[i], 32).ToArray()); // same media bytes
        }
    }

    [Fact]
    public void Files_that_are_not_JPEG_or_PNG_or_are_broken_are_refused_with_a_media_error()
    {
        Assert.Equal("unsupported", Assert.Throws<MediaException>(() => C2paManifestSigner.Sign("GIF89a......"u8.ToArray(), Options, credential)).Code);
        var badWav = SignedFiles.Wav(100);
        BinaryPrimitives.WriteInt32LittleEndian(badWav.AsSpan(4), 1_000_000); // RIFF size beyond the file
        Assert.Equal("corrupt", Assert.Throws<MediaException>(() => C2paManifestSigner.Sign(badWav, Options, credential)).Code);
        var badChunk = SignedFiles.Wav(100);
        BinaryPrimitives.WriteInt32LittleEndian(badChunk.AsSpan(40), 1_000_000); // data chunk beyond the RIFF data
        Assert.Equal("corrupt", Assert.Throws<MediaException>(() => C2paManifestSigner.Sign(badChunk, Options, credential)).Code);
        byte[] fragmented = [0, 0, 0, 16, .. "ftypisom"u8, 0, 0, 0, 0, 0, 0, 0, 8, .. "moof"u8];
        Assert.Contains("Fragmented", Assert.Throws<MediaException>(() => C2paManifestSigner.Sign(fragmented, Options, credential)).Message, StringComparison.Ordinal);
        byte[] oversized = [0, 0, 0, 16, .. "ftypisom"u8, 0, 0, 0, 0, 0, 0, 1, 0, .. "moov"u8];
        Assert.Equal("corrupt", Assert.Throws<MediaException>(() => C2paManifestSigner.Sign(oversized, Options, credential)).Code);
        Assert.Equal("corrupt", Assert.Throws<MediaException>(() => C2paManifestSigner.Sign(jpeg[..300], Options, credential)).Code);
        var badPng = (byte[])png.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(badPng.AsSpan(33), 0x7FFF_0000); // chunk after IHDR claims 2 GB
        Assert.Equal("corrupt", Assert.Throws<MediaException>(() => C2paManifestSigner.Sign(badPng, Options, credential)).Code);
        Assert.Equal("corrupt", Assert.Throws<MediaException>(() => C2paManifestSigner.Sign(png[..^12], Options, credential)).Code);
    }

    [Fact]
    public void Corrupted_inputs_are_signed_or_refused_with_a_media_error_never_another_exception()
    {
        byte[][] inputs = [jpeg, png, SignedFiles.Wav(400), File.ReadAllBytes(FakeLens.TestSupport.TestData.Path("c2pa", "video1.mp4"))];
        var rng = new Random(11);
        var signedCount = 0;
        var refused = 0;
        foreach (var input in inputs)
        {
            for (var trial = 0; trial < 40; trial++)
            {
                var bad = (byte[])input.Clone();
                var headerBytes = Math.Min(bad.Length, 4096); // where the structure lives
                for (var k = 0; k < 4; k++)
                {
                    bad[rng.Next(4, headerBytes)] = (byte)rng.Next(256);
                }

                if (trial % 4 == 3)
                {
                    bad = bad[..rng.Next(12, bad.Length)];
                }

                try
                {
                    C2paManifestSigner.Sign(bad, Options, credential);
                    signedCount++;
                }
                catch (MediaException)
                {
                    refused++;
                }
            }
        }

        Assert.True(refused > 10, $"{refused} refused");
        Assert.True(signedCount > 10, $"{signedCount} signed");
    }

    [Fact]
    public void Unknown_source_types_and_actions_that_need_ingredients_are_refused()
    {
        Assert.Throws<ArgumentException>(() => C2paManifestSigner.Sign(jpeg, Options with { DigitalSourceType = "aiGenerated" }, credential));
        Assert.Throws<ArgumentException>(() => C2paManifestSigner.Sign(jpeg, Options with { Actions = ["c2pa.opened"] }, credential));
        Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia", DigitalSourceTypes.ToUri("http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"));
    }

    /// <summary>Entries of every stco table in the top-level moov (found by type inside moov; enough for these small files).</summary>
    private static List<long> ChunkOffsets(byte[] mp4)
    {
        var at = 0;
        while (!mp4.AsSpan(at + 4, 4).SequenceEqual("moov"u8))
        {
            at += (int)BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(at));
        }

        var moov = mp4.AsSpan(at, (int)BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(at)));
        var offsets = new List<long>();
        var from = 0;
        for (var hit = moov.IndexOf("stco"u8); hit >= 0; hit = moov[from..].IndexOf("stco"u8))
        {
            var table = moov[(from + hit)..];
            var count = BinaryPrimitives.ReadUInt32BigEndian(table[8..]);
            for (var i = 0; i < count; i++)
            {
                offsets.Add(BinaryPrimitives.ReadUInt32BigEndian(table[(12 + (4 * i))..]));
            }

            from += hit + 4;
        }

        return offsets;
    }

    private static Dictionary<string, object> ReadMap(CborReader reader) => (Dictionary<string, object>)ReadItem(reader);

    private static object ReadItem(CborReader reader)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.StartMap:
                var count = reader.ReadStartMap() ?? throw new InvalidDataException("indefinite map");
                var map = new Dictionary<string, object>();
                for (var i = 0; i < count; i++)
                {
                    var key = reader.ReadTextString();
                    map[key] = ReadItem(reader);
                }

                reader.ReadEndMap();
                return map;
            case CborReaderState.StartArray:
                var n = reader.ReadStartArray() ?? throw new InvalidDataException("indefinite array");
                var list = new List<object>();
                for (var i = 0; i < n; i++)
                {
                    list.Add(ReadItem(reader));
                }

                reader.ReadEndArray();
                return list;
            case CborReaderState.TextString:
                return reader.ReadTextString();
            case CborReaderState.ByteString:
                return reader.ReadByteString();
            case CborReaderState.UnsignedInteger:
            case CborReaderState.NegativeInteger:
                return reader.ReadInt64();
            default:
                throw new InvalidDataException("unexpected " + reader.PeekState());
        }
    }
}
