using FakeLens.Server.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FakeLens.Server.Tests.Web;

/// <summary>
/// The real service on a loopback port (Kestrel, every shipped detector) and Debian's chromium driven by Playwright.
/// Playwright's own browser download cannot work here, so the Debian binary is launched; scripts/bootstrap.sh
/// (tests mode) installs it. A missing browser is a hard failure, never a skip.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private WebApplication? _app;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = string.Empty;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "fakelens-browser-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Screenshots are kept as test artefacts here (beside the test assembly).</summary>
    public static string ArtefactDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artefacts", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: run scripts/bootstrap.sh tests (it installs Debian's chromium).");
        }

        Directory.CreateDirectory(ArtefactDirectory);
        var options = new ServerOptions { DataDirectory = DataDirectory, Urls = "http://127.0.0.1:0", Workers = 2, UploadsPerMinute = 0 };
        _app = await ServerApp.CreateAsync(options);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            Headless = true,
            ExecutablePath = Chromium,
            Args = ["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Harmless in the temp folder.
        }
    }

    internal IJobStore Store => _app!.Services.GetRequiredService<IJobStore>();
}
