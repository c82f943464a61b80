using FakeLens.Cli.Commands;

namespace FakeLens.Cli.Tests.Commands;

public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("256M", 256L << 20)]
    [InlineData("1G", 1L << 30)]
    [InlineData("500k", 500L << 10)]
    [InlineData("1000", 1000L)]
    [InlineData("1.5MiB", 3L << 19)]
    public void Upload_sizes_parse_with_units(string text, long bytes) => Assert.Equal(bytes, ServeCommand.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5M")]
    [InlineData("lots")]
    [InlineData("100G")]
    public void Bad_upload_sizes_are_refused(string text) => Assert.Null(ServeCommand.ParseSize(text));

    [Theory]
    [InlineData("serve")]
    [InlineData("worker")]
    public void The_upload_limit_raises_the_file_size_limit_alike_for_serve_and_worker(string name)
    {
        // A worker left at the default file-size limit refused files its server had accepted with a larger --max-upload.
        var options = new ServiceAnalysisOptions();
        var command = new System.CommandLine.Command(name);
        options.AddTo(command);
        var large = options.Build(command.Parse(["--max-upload", "2G"]));
        Assert.Equal(2L << 30, large.Limits.MaxFileBytes);
        var small = options.Build(command.Parse(["--max-upload", "1M"]));
        Assert.Equal(FakeLens.Core.Detection.ScanLimits.Default.MaxFileBytes, small.Limits.MaxFileBytes);
        Assert.NotEmpty(command.Parse(["--max-upload", "lots"]).Errors);
    }

    [Fact]
    public async Task Scale_out_options_are_checked_before_anything_connects()
    {
        var data = Path.Combine(Path.GetTempPath(), $"serve-cli-{Guid.NewGuid():N}");
        var (code, _, err) = await CliRun.Async("serve", "--data", data, "--broker", "amqp://127.0.0.1:5672/");
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("both --broker and --database", err, StringComparison.Ordinal);

        (code, _, err) = await CliRun.Async("worker", "--store", data, "--database", "Host=127.0.0.1", "--broker", string.Empty);
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("worker needs --broker and --database", err, StringComparison.Ordinal);

        (code, _, err) = await CliRun.Async("worker", "--store", data, "--broker", "amqp://x", "--database", "Host=x", "--retry-delays", "5,soon", "--concurrency", "0");
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("--retry-delays", err, StringComparison.Ordinal);
        Assert.Contains("--concurrency", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data, "uploads")), "nothing may be created before the options are valid");

        // The analysis options are one definition for serve and worker, checked alike (the worker once crashed on this).
        foreach (var command in new[] { "serve", "worker" })
        {
            string[] args = command == "serve"
                ? ["serve", "--data", data, "--max-pixels", "huge"]
                : ["worker", "--store", data, "--broker", "amqp://x", "--database", "Host=x", "--max-pixels", "huge"];
            (code, _, err) = await CliRun.Async(args);
            Assert.Equal(CliApp.UsageError, code);
            Assert.Contains("--max-pixels takes a positive number", err, StringComparison.Ordinal);
        }

        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30)], WorkerCommand.ParseDelays("0.5, 30"));
        Assert.Null(WorkerCommand.ParseDelays("0"));
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_refuses_bad_options_with_usage_errors_before_starting()
    {
        var data = Path.Combine(Path.GetTempPath(), $"serve-cli-{Guid.NewGuid():N}");
        var (code, _, err) = await CliRun.Async("serve", "--data", data, "--max-upload", "lots", "--workers", "0");
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("--max-upload", err, StringComparison.Ordinal);
        Assert.Contains("--workers", err, StringComparison.Ordinal);

        (code, _, err) = await CliRun.Async("serve", "--data", data, "--detectors", "no-such-detector");
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("no-such-detector", err, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Api_keys_are_created_listed_and_revoked_and_the_key_is_printed_once()
    {
        var data = Path.Combine(Path.GetTempPath(), $"keys-cli-{Guid.NewGuid():N}");
        try
        {
            var (code, key, err) = await CliRun.Async("keys", "api", "create", "--name", "newsroom", "--data", data);
            Assert.Equal(0, code);
            Assert.StartsWith("flk_", key.Trim(), StringComparison.Ordinal);
            var id = err.Split(' ')[3];
            Assert.StartsWith("key_", id, StringComparison.Ordinal);

            var (_, list, _) = await CliRun.Async("keys", "api", "list", "--data", data);
            Assert.Contains($"{id}\tnewsroom", list, StringComparison.Ordinal);
            Assert.Contains("active", list, StringComparison.Ordinal);
            Assert.DoesNotContain(key.Trim(), list, StringComparison.Ordinal);

            Assert.Equal(0, (await CliRun.Async("keys", "api", "revoke", id, "--data", data)).Code);
            Assert.Contains("revoked", (await CliRun.Async("keys", "api", "list", "--data", data)).Out, StringComparison.Ordinal);
            Assert.Equal(CliApp.UsageError, (await CliRun.Async("keys", "api", "revoke", id, "--data", data)).Code);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
