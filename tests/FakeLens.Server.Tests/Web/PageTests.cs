using FakeLens.Server.Tests.Api;
using FakeLens.TestSupport;
using Microsoft.Playwright;

namespace FakeLens.Server.Tests.Web;

/// <summary>End to end in a real browser: a person uploads files on the page and reads the result.</summary>
public sealed class PageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float AnalysisTimeoutMs = 90_000;

    [Fact]
    public async Task Photo_shows_no_evidence_found()
    {
        var page = await OpenAsync();
        await page.SetInputFilesAsync("#files", TestData.Path("images", "real", "kodak24", "kodim03.png"));

        var banner = page.Locator("#verdict .band");
        await Assertions.Expect(banner).ToHaveTextAsync("No evidence found", new() { Timeout = AnalysisTimeoutMs });
        await Assertions.Expect(page.Locator("#result-h")).ToHaveTextAsync("Result: kodim03.png");
        await Assertions.Expect(page.Locator("#evidence details.group").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("img.picture")).ToHaveAttributeAsync("alt", "The analysed picture, kodim03.png");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("kodim03.png");
        await ScreenshotAsync(page, "photo-no-evidence-found");
    }

    [Fact]
    public async Task Stable_Diffusion_watermark_shows_AI_generated_with_the_watermark_card()
    {
        var page = await OpenAsync();
        await page.SetInputFilesAsync("#files", TestData.Path("watermark", "sdxl_dwtDct", "kodim10_crop497x383_sdxl.png"));

        await Assertions.Expect(page.Locator("#verdict .band")).ToContainTextAsync("AI-generated", new() { Timeout = AnalysisTimeoutMs });
        var card = page.Locator("[data-evidence='watermark.stable-diffusion']");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("h4")).ToContainTextAsync("Stable Diffusion invisible watermark found");
        await Assertions.Expect(card).ToContainTextAsync("points to AI");
        await ScreenshotAsync(page, "sd-watermark-ai-generated");
    }

    [Fact]
    public async Task Broken_file_shows_its_error()
    {
        var page = await OpenAsync();
        await page.SetInputFilesAsync("#files", new FilePayload { Name = "broken.png", MimeType = "image/png", Buffer = AnalysesApiTests.BrokenPng() });

        var banner = page.Locator(".verdict.band-error");
        await Assertions.Expect(banner).ToContainTextAsync("Not analysed", new() { Timeout = AnalysisTimeoutMs });
        await Assertions.Expect(banner).ToContainTextAsync("(error: corrupt)");
        await ScreenshotAsync(page, "broken-file-error");
    }

    [Fact]
    public async Task File_that_is_not_media_is_refused_at_upload_with_the_reason()
    {
        var page = await OpenAsync();
        await page.SetInputFilesAsync("#files", new FilePayload { Name = "notes.jpg", MimeType = "image/jpeg", Buffer = "these are notes, not a picture"u8.ToArray() });

        var error = page.Locator("#queue .err");
        await Assertions.Expect(error).ToContainTextAsync("Error (not-media)", new() { Timeout = AnalysisTimeoutMs });
        await Assertions.Expect(error).ToContainTextAsync("ends as a JPEG file");
        await ScreenshotAsync(page, "not-media-refused");
    }

    [Fact]
    public async Task Page_can_be_used_from_the_keyboard_and_runs_under_its_CSP_without_violations()
    {
        var page = await OpenAsync();
        var violations = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(m.Text);
            }
        };
        // Listening for file choosers turns on Playwright's interception of them; doing it before the reload and the Tab
        // presses (whose round trips follow it on the same connection) makes sure the interception is active when Enter
        // is pressed. Subscribing only inside RunAndWaitForFileChooserAsync raced with the key press: about one run in
        // two timed out waiting for a chooser the page had opened.
        var choosers = 0;
        page.FileChooser += (_, _) => choosers++;
        await page.ReloadAsync();
        // The file button is reached with a few Tab presses (skip link and header links come first).
        var presses = 0;
        while (presses < 6 && await page.EvaluateAsync<string>("document.activeElement.id") != "choose")
        {
            await page.Keyboard.PressAsync("Tab");
            presses++;
        }

        Assert.Equal("choose", await page.EvaluateAsync<string>("document.activeElement.id"));
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.True(chooser.IsMultiple);
        Assert.Equal(1, choosers);
        Assert.Empty(violations);
    }

    private async Task<IPage> OpenAsync()
    {
        var page = await fixture.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync(fixture.BaseUrl);
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserFixture.ArtefactDirectory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, $"screenshot {path} is suspiciously small");
    }
}
