using BenchmarkDotNet.Attributes;
using FakeLens.Core.Media;
using FakeLens.Provenance.C2pa;
using FakeLens.TestSupport;

namespace FakeLens.Benchmarks;

/// <summary>
/// C2PA read + validate time per shared fixture (../shared/data/c2pa): container scan, JUMBF/CBOR parse, COSE
/// signature and time-stamp verification, hashed URIs, hard binding over the whole file, ingredients; no trust anchors.
/// Run: dotnet run -c Release --project bench/FakeLens.Benchmarks -- --filter '*C2paBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class C2paBenchmarks
{
    private byte[] _bytes = [];
    private MediaFormat _format;

    [ParamsSource(nameof(FileNames))]
    public string File { get; set; } = string.Empty;

    public static IEnumerable<string> FileNames() =>
        Directory.GetFiles(TestData.Path("c2pa")).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    [GlobalSetup]
    public void Setup()
    {
        _bytes = System.IO.File.ReadAllBytes(TestData.Path("c2pa", File));
        _format = MediaSniffer.Sniff(_bytes.AsSpan(0, Math.Min(_bytes.Length, MediaSniffer.HeaderLength)), File).Format;
    }

    [Benchmark]
    public C2paValidationState ReadAndValidate() => C2paValidator.Validate(C2paReader.Read(_bytes, _format), _bytes).State;
}
