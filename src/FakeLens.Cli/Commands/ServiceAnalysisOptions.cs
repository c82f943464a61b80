using System.CommandLine;
using FakeLens.Core.Detection;

namespace FakeLens.Cli.Commands;

/// <summary>
/// The analysis options <c>serve</c> and <c>worker</c> share (which detectors run, the image and time limits, watermark
/// keys, C2PA trust anchors), validated alike, and the <see cref="AnalyzerOptions"/> they make. A server and its
/// workers must analyse the same way, so the options are one definition.
/// </summary>
internal sealed class ServiceAnalysisOptions
{
    public ServiceAnalysisOptions()
    {
        MaxPixels.Validators.Add(r =>
        {
            if (ScanCommand.ParsePixels(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError("--max-pixels takes a positive number, optionally with M (megapixels), e.g. 100M.");
            }
        });
        MaxUpload.Validators.Add(r =>
        {
            if (ServeCommand.ParseSize(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError("--max-upload takes a size such as 256M or 1G (at most 64G).");
            }
        });
    }

    public Option<string[]> Detectors { get; } = new("--detectors") { Description = "Run only these detectors (ids or prefixes, comma-separated).", AllowMultipleArgumentsPerToken = true, HelpName = "ids" };

    public Option<string[]> Skip { get; } = new("--skip") { Description = "Do not run these detectors (ids or prefixes, comma-separated).", AllowMultipleArgumentsPerToken = true, HelpName = "ids" };

    public Option<string> MaxPixels { get; } = new("--max-pixels") { Description = "Refuse images larger than this many pixels (e.g. 100M).", DefaultValueFactory = _ => "100M", HelpName = "pixels" };

    /// <summary>
    /// The largest upload the server accepts, and so the largest file a worker must analyse: both raise the file-size
    /// limit to it (a worker left at the default refused files its server had accepted).
    /// </summary>
    public Option<string> MaxUpload { get; } = new("--max-upload") { Description = "Largest upload accepted (e.g. 256M, 1G); workers must be given the same value as their server.", DefaultValueFactory = _ => "256M", HelpName = "size" };

    public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds allowed for one file.", DefaultValueFactory = _ => 120, HelpName = "seconds" };

    public Option<string[]> WatermarkKeys { get; } = new("--watermark-key") { Description = "Also look for FakeLens watermarks made with this private key (passphrase; repeatable).", HelpName = "passphrase" };

    public Option<string?> TrustAnchors { get; } = new("--trust-anchors") { Description = "PEM bundle of certificate authorities whose C2PA signatures you trust.", HelpName = "pem" };

    /// <summary>The options, in help order.</summary>
    public IEnumerable<Option> All => [Detectors, Skip, MaxPixels, MaxUpload, Timeout, WatermarkKeys, TrustAnchors];

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The upload limit given by <c>--max-upload</c>, in bytes.</summary>
    public long MaxUploadBytes(ParseResult parse) => ServeCommand.ParseSize(parse.GetValue(MaxUpload))!.Value;

    /// <summary>The analyzer options given on the command line; the file-size limit is raised to the upload limit.</summary>
    public AnalyzerOptions Build(ParseResult parse) => new()
    {
        Detectors = Split(parse.GetValue(Detectors)),
        Skip = Split(parse.GetValue(Skip)),
        WatermarkKeys = parse.GetValue(WatermarkKeys) ?? [],
        TrustAnchorsPath = parse.GetValue(TrustAnchors),
        Limits = ScanLimits.Default with
        {
            MaxPixels = ScanCommand.ParsePixels(parse.GetValue(MaxPixels))!.Value,
            MaxFileBytes = Math.Max(ScanLimits.Default.MaxFileBytes, MaxUploadBytes(parse)),
            FileTimeout = TimeSpan.FromSeconds(parse.GetValue(Timeout)),
        },
    };

    private static List<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
