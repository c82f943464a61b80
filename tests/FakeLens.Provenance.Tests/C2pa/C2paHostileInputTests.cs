using System.Buffers.Binary;
using System.Text;
using FakeLens.Core.Media;
using FakeLens.Provenance.C2pa;

namespace FakeLens.Provenance.Tests.C2pa;

public sealed class C2paHostileInputTests
{
    [Theory]
    [InlineData("riff_bomb_1000.wav", C2paValidationState.NoManifest)]
    [InlineData("nested_moov_1000.mp4", C2paValidationState.Unreadable)]
    [InlineData("id3v23_compression_underflow.mp3", C2paValidationState.NoManifest)]
    [InlineData("sample3.invalid.wav", C2paValidationState.Unreadable)]
    public void Malformed_shared_files_end_in_a_state_not_an_exception(string name, C2paValidationState expected)
    {
        var result = C2paFixture.Validate(name);

        Assert.Equal(expected, result.State);
        if (expected == C2paValidationState.Unreadable)
        {
            Assert.False(string.IsNullOrEmpty(result.AssetError));
        }
    }

    [Fact]
    public void Box_larger_than_the_store_is_reported_as_manifest_inaccessible()
    {
        var store = Store(Cbor([0xA0]));
        BinaryPrimitives.WriteUInt32BigEndian(store.AsSpan(0), 0x7FFF_FFF0);

        var result = C2paValidator.Validate(C2paReader.ReadStore(store), ReadOnlyMemory<byte>.Empty);

        Assert.Equal(C2paValidationState.Invalid, result.State);
        Assert.Contains(result.Statuses, s => s.Code == C2paStatusCodes.ManifestInaccessible && s.Kind == C2paStatusKind.Failure);
    }

    [Fact]
    public void A_thousand_nested_superboxes_are_refused_without_recursing_into_them()
    {
        var inner = Box("jumd", Description("c2cl", "x"));
        for (var i = 0; i < 1_000; i++)
        {
            inner = Box("jumb", [.. Box("jumd", Description("c2as", "n")), .. inner]);
        }

        var store = Box("jumb", [.. Box("jumd", Description("c2pa", "c2pa")), .. inner]);

        var result = C2paValidator.Validate(C2paReader.ReadStore(store), ReadOnlyMemory<byte>.Empty);

        Assert.Equal(C2paValidationState.Invalid, result.State);
        Assert.Contains(result.Statuses, s => s.Code == C2paStatusCodes.ManifestInaccessible && s.Explanation.Contains("nested", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', (byte)'P', 0x81, (byte)'n', (byte)'"', (byte)'}' })] // a lone continuation byte
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xDD, 0xDD, 0xDD, (byte)'"', (byte)'}' })] // lead bytes without continuation
    public void A_json_assertion_with_invalid_utf8_is_assertion_json_invalid_not_an_exception(byte[] json)
    {
        // Fuzzer finding (docs/fuzzing.md, target "jumbf"): JsonDocument throws InvalidOperationException, not
        // JsonException, for invalid UTF-8 in a string, and it escaped C2paReader.ReadStore.
        var store = Box("jumb", [
            .. Box("jumd", Description("c2pa", "c2pa")),
            .. Box("jumb", [
                .. Box("jumd", Description("c2ma", "urn:uuid:test")),
                .. Box("jumb", [
                    .. Box("jumd", Description("c2as", "c2pa.assertions")),
                    .. Box("jumb", [.. Box("jumd", Description("json", "stds.schema-org.CreativeWork")), .. Box("json", json)]),
                ]),
                .. Box("jumb", [.. Box("jumd", Description("c2cl", "c2pa.claim")), .. Box("cbor", [0xA0])]),
            ]),
        ]);

        var read = C2paReader.ReadStore(store);

        var assertion = Assert.Single(read.Manifests.SelectMany(m => m.Assertions));
        Assert.NotNull(assertion.DecodeError);
        Assert.Contains(read.Manifests.SelectMany(m => m.ReadStatuses), s => s.Code == C2paStatusCodes.AssertionJsonInvalid);
    }

    [Theory]
    [InlineData(new byte[] { 0x9F, 0x01, 0x02, 0x03 })] // indefinite-length array that never ends
    [InlineData(new byte[] { 0xBB, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00 })] // map declaring 2^32 entries
    [InlineData(new byte[] { 0x5B, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // byte string of 2^63 bytes
    public void Endless_or_oversized_claim_cbor_is_claim_malformed(byte[] cbor)
    {
        var result = C2paValidator.Validate(C2paReader.ReadStore(Store(cbor)), ReadOnlyMemory<byte>.Empty);

        Assert.Equal(C2paValidationState.Invalid, result.State);
        Assert.Contains(result.Statuses, s => s.Code == C2paStatusCodes.ClaimMalformed);
    }

    [Fact]
    public void Deeply_nested_claim_cbor_is_claim_malformed()
    {
        var cbor = Enumerable.Repeat((byte)0x81, 100_000).Append((byte)0x00).ToArray();

        var result = C2paValidator.Validate(C2paReader.ReadStore(Store(cbor)), ReadOnlyMemory<byte>.Empty);

        Assert.True(result.Statuses.Any(s => s.Code == C2paStatusCodes.ClaimMalformed && s.Explanation.Contains("depth", StringComparison.Ordinal)), string.Join("; ", result.Statuses.Select(s => s.Code + " " + s.Explanation)));
    }

    [Fact]
    public void Truncated_and_bit_flipped_signed_jpegs_never_throw()
    {
        var original = C2paFixture.Bytes("ca.jpg");
        var random = new Random(7);
        var states = new HashSet<C2paValidationState>();
        for (var i = 0; i < 40; i++)
        {
            var copy = original.AsSpan(0, i < 15 ? random.Next(2, 40_000) : original.Length).ToArray();
            for (var k = 0; i >= 15 && k < 1 + random.Next(8); k++)
            {
                copy[random.Next(2, 36_000)] ^= (byte)(1 + random.Next(255));
            }

            var store = C2paReader.Read(copy, MediaFormat.Jpeg);
            states.Add(C2paValidator.Validate(store, copy).State);
        }

        // Damage inside the manifest or the image can only lower the state: never Valid-with-trust by accident.
        Assert.DoesNotContain(C2paValidationState.Trusted, states);
        Assert.Contains(C2paValidationState.Invalid, states);
    }

    [Theory]
    [InlineData("video1.mp4")]
    [InlineData("c_with_cawg_data.jpg")]
    [InlineData("cacae-uri-ca.jpg")]
    public void Bit_flips_anywhere_in_a_manifest_store_never_throw(string name)
    {
        var file = C2paFixture.Bytes(name);
        var store = C2paReader.Read(file, C2paFixture.FormatOf(file, name)).StoreBytes.ToArray();
        var random = new Random(11);
        var invalid = 0;
        for (var i = 0; i < 30; i++)
        {
            var copy = (byte[])store.Clone();
            for (var k = 0; k < 1 + random.Next(4); k++)
            {
                copy[random.Next(copy.Length)] ^= (byte)(1 + random.Next(255));
            }

            var result = C2paValidator.Validate(C2paReader.ReadStore(copy), file);
            var caught = result.State == C2paValidationState.Invalid
                || Flatten(result.Ingredients).Any(i => i.Deltas.Any(d => d.Kind == C2paStatusKind.Failure && !C2paStatusCodes.IsTrustOnly(d.Code)));
            invalid += caught ? 1 : 0;
        }

        // Damage in the active manifest makes it invalid; damage in an ingredient's manifest shows in that ingredient's
        // deltas (ingredient.manifest.mismatch). A few flips land in unhashed padding or in labels nobody resolves.
        Assert.True(invalid >= 22, $"{invalid} of 30 damaged stores were caught");
    }

    [Fact]
    public void Garbage_given_as_any_format_gives_no_manifest()
    {
        var garbage = new byte[5000];
        new Random(3).NextBytes(garbage);
        foreach (var format in Enum.GetValues<MediaFormat>())
        {
            var result = C2paValidator.Validate(C2paReader.Read(garbage, format), garbage);

            Assert.True(result.State is C2paValidationState.NoManifest or C2paValidationState.Unreadable, $"{format}: {result.State}");
        }
    }

    private static IEnumerable<C2paIngredientReport> Flatten(IEnumerable<C2paIngredientReport> ingredients) =>
        ingredients.SelectMany(i => Flatten(i.Manifest?.Ingredients ?? []).Prepend(i));

    internal static byte[] Store(byte[] claimCbor) =>
        Box("jumb", [
            .. Box("jumd", Description("c2pa", "c2pa")),
            .. Box("jumb", [
                .. Box("jumd", Description("c2ma", "urn:uuid:test")),
                .. Box("jumb", [.. Box("jumd", Description("c2cl", "c2pa.claim")), .. Box("cbor", claimCbor)]),
            ]),
        ]);

    private static byte[] Cbor(byte[] payload) => payload;

    internal static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        payload.CopyTo(box, 8);
        return box;
    }

    internal static byte[] Description(string type, string label) =>
        [.. Encoding.ASCII.GetBytes(type), .. Convert.FromHexString("00110010800000AA00389B71"), 0x03, .. Encoding.UTF8.GetBytes(label), 0];
}
