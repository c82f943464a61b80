using System.Buffers.Binary;
using System.Text;
using FakeLens.Core.Media;
using FakeLens.Provenance.C2pa;

namespace FakeLens.Provenance.Tests.C2pa;

public sealed class C2paValidatorTests
{
    [Fact]
    public void Changing_one_image_byte_after_signing_turns_the_data_hash_into_a_mismatch()
    {
        var bytes = C2paFixture.Bytes("c.jpg");
        Assert.Equal(C2paValidationState.Valid, C2paFixture.Validate("c.jpg").State);
        bytes[^100] ^= 0x01;

        var result = C2paValidator.Validate(C2paReader.Read(bytes, MediaFormat.Jpeg), bytes);

        Assert.Equal(C2paValidationState.Invalid, result.State);
        Assert.Contains(result.Statuses, s => s.Code == C2paStatusCodes.AssertionDataHashMismatch);
        Assert.Contains(result.Statuses, s => s.Code == C2paStatusCodes.ClaimSignatureValidated);
    }

    [Fact]
    public void Changing_one_byte_of_an_assertion_gives_a_hashed_uri_mismatch_for_that_assertion()
    {
        var bytes = C2paFixture.Bytes("c.jpg");
        var at = IndexOf(bytes, "c2pa.created"u8);
        bytes[at + 5] = (byte)'X'; // c2pa.created → c2pa.Xreated inside the actions assertion

        var result = C2paValidator.Validate(C2paReader.Read(bytes, MediaFormat.Jpeg), bytes);

        Assert.Equal(C2paValidationState.Invalid, result.State);
        var mismatch = Assert.Single(result.Statuses, s => s.Code == C2paStatusCodes.AssertionHashedUriMismatch);
        Assert.Contains("c2pa.actions", mismatch.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void Trust_anchors_turn_a_valid_test_signature_into_trusted_and_others_stay_valid()
    {
        Assert.Equal(C2paValidationState.Trusted, C2paFixture.Validate("ca.jpg", C2paFixture.Anchors).State);
        Assert.Equal(C2paValidationState.Valid, C2paFixture.Validate("ocsp.jpg", C2paFixture.Anchors).State);
        Assert.Contains(C2paFixture.Validate("ca.jpg", C2paFixture.Anchors).Statuses, s => s.Code == C2paStatusCodes.SigningCredentialTrusted);
    }

    [Fact]
    public void Sidecar_store_validates_against_the_asset_it_describes()
    {
        var asset = C2paFixture.Bytes("ca.jpg");
        var sidecar = C2paReader.Read(asset, MediaFormat.Jpeg).StoreBytes.ToArray();

        var store = C2paReader.Read(sidecar, MediaFormat.Unknown);
        var result = C2paValidator.Validate(store, asset);

        Assert.True(store.HasManifest);
        Assert.Equal(C2paValidationState.Valid, result.State);
        Assert.Equal("make_test_images/0.33.1 c2pa-rs/0.33.1", result.ClaimGenerator);
    }

    [Theory]
    [InlineData(MediaFormat.Png)]
    [InlineData(MediaFormat.Wav)]
    [InlineData(MediaFormat.WebP)]
    [InlineData(MediaFormat.Mp3)]
    [InlineData(MediaFormat.Tiff)]
    public void Manifest_store_is_found_in_each_container(MediaFormat format)
    {
        var store = C2paReader.Read(C2paFixture.Bytes("c.jpg"), MediaFormat.Jpeg).StoreBytes.ToArray();
        var file = Embed(format, store);

        var read = C2paReader.Read(file, format);
        var result = C2paValidator.Validate(read, file);

        Assert.True(read.HasManifest);
        Assert.Equal(store, read.StoreBytes.ToArray());

        // The claim and its signature still verify; the data hash was made for the JPEG, so it cannot match here.
        Assert.Contains(result.Statuses, s => s.Code == C2paStatusCodes.ClaimSignatureValidated);
        Assert.Contains(result.Statuses, s => s.Code == C2paStatusCodes.AssertionDataHashMismatch);
    }

    [Fact]
    public void Remote_manifest_reference_is_reported_and_not_fetched()
    {
        var xmp = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description dcterms:provenance=\"https://example.org/manifest.c2pa\"/></x:xmpmeta>"u8.ToArray();
        var app1 = new byte[4 + xmp.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(xmp.Length + 2));
        xmp.CopyTo(app1, 4);
        byte[] jpeg = [0xFF, 0xD8, .. app1, 0xFF, 0xD9];

        var result = C2paValidator.Validate(C2paReader.Read(jpeg, MediaFormat.Jpeg), jpeg);

        Assert.Equal(C2paValidationState.NoManifest, result.State);
        Assert.Equal("https://example.org/manifest.c2pa", result.RemoteManifestUrl);
        Assert.Contains(result.Statuses, s => s.Code == C2paStatusCodes.ManifestInaccessible && s.Kind == C2paStatusKind.Informational);
    }

    [Fact]
    public void Firefly_image_edited_in_photoshop_reports_both_ai_source_types_and_the_ingredient_chain()
    {
        var result = C2paFixture.Validate("ocsp.jpg");

        Assert.Equal(C2paValidationState.Valid, result.State);
        Assert.Equal("Adobe C2PA", result.Signer!.CommonName);
        Assert.Equal(new DateTimeOffset(2025, 8, 13, 16, 30, 55, TimeSpan.Zero), result.SigningTime);
        Assert.Contains(result.Actions, a => a.Action == "c2pa.edited" && a.SoftwareAgent == "Adobe Firefly"
            && a.DigitalSourceType == "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia");
        var ingredient = Assert.Single(result.Ingredients);
        Assert.Equal("Adobe Firefly C2PA Stage", ingredient.Manifest!.Signer!.CommonName);
        Assert.Equal(["http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"], ingredient.Manifest.DigitalSourceTypes);
    }

    [Fact]
    public void Manifest_is_found_in_a_quicktime_file_whose_meta_box_is_not_a_full_box()
    {
        var store = C2paReader.Read(C2paFixture.Bytes("c.jpg"), MediaFormat.Jpeg).StoreBytes.ToArray();
        byte[] hdlr = [.. Bmff("hdlr", new byte[25])];
        byte[] meta = Bmff("meta", [.. hdlr, .. Bmff("keys", new byte[8])]);
        byte[] uuidPayload = [.. AssetUuid, 0, 0, 0, 0, .. "manifest\0"u8, 0, 0, 0, 0, 0, 0, 0, 0, .. store];
        byte[] mov = [.. Bmff("ftyp", "qt  \0\0\0\0qt  "u8.ToArray()), .. Bmff("moov", Bmff("udta", meta)), .. Bmff("uuid", uuidPayload), .. Bmff("mdat", new byte[64])];

        var read = C2paReader.Read(mov, MediaFormat.Mov);

        Assert.Null(read.AssetError);
        Assert.True(read.HasManifest);
        Assert.Equal(store, read.StoreBytes.ToArray());
    }

    private static readonly byte[] AssetUuid = Convert.FromHexString("D8FEC3D61B0E483C92975828877EC481");

    private static byte[] Bmff(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        payload.CopyTo(box, 8);
        return box;
    }

    [Fact]
    public void Claim_thumbnail_is_read_as_a_jpeg()
    {
        var bytes = C2paFixture.Bytes("c.jpg");

        var thumbnail = C2paReader.Read(bytes, MediaFormat.Jpeg).ActiveManifest!.ClaimThumbnail;

        Assert.True(thumbnail.Length > 1000);
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, thumbnail[..2].ToArray());
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);

    private static byte[] Embed(MediaFormat format, byte[] store)
    {
        switch (format)
        {
            case MediaFormat.Png:
                {
                    byte[] sig = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
                    return [.. sig, .. PngChunk("IHDR", new byte[13]), .. PngChunk("caBX", store), .. PngChunk("IEND", [])];
                }

            case MediaFormat.Wav or MediaFormat.WebP:
                {
                    var kind = format == MediaFormat.Wav ? "WAVE" : "WEBP";
                    byte[] body = [.. Encoding.ASCII.GetBytes(kind), .. RiffChunk("fmt ", new byte[16]), .. RiffChunk("C2PA", store)];
                    return [.. RiffChunk("RIFF", body)];
                }

            case MediaFormat.Mp3:
                {
                    byte[] geob = [0, .. "application/c2pa\0"u8, .. "c2pa\0"u8, .. "c2pa manifest store\0"u8, .. store];
                    var frame = new byte[10 + geob.Length];
                    "GEOB"u8.CopyTo(frame);
                    BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)geob.Length);
                    geob.CopyTo(frame, 10);
                    var size = frame.Length;
                    byte[] header = [.. "ID3"u8, 3, 0, 0, (byte)((size >> 21) & 0x7F), (byte)((size >> 14) & 0x7F), (byte)((size >> 7) & 0x7F), (byte)(size & 0x7F)];
                    return [.. header, .. frame, 0xFF, 0xFB, 0x90, 0x00];
                }

            default:
                {
                    // Little-endian TIFF, one IFD entry: tag 0xCD41, type UNDEFINED, count, offset 26.
                    var tiff = new byte[26 + store.Length];
                    "II"u8.CopyTo(tiff);
                    tiff[2] = 42;
                    BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
                    BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 1);
                    BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(10), 0xCD41);
                    BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(12), 7);
                    BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(14), (uint)store.Length);
                    BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(18), 26);
                    store.CopyTo(tiff, 26);
                    return tiff;
                }
        }
    }

    private static byte[] PngChunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        return chunk;
    }

    private static byte[] RiffChunk(string id, byte[] data)
    {
        var chunk = new byte[8 + data.Length + (data.Length & 1)];
        Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk, 8);
        return chunk;
    }
}
