using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Provenance.Labels;
using FakeLens.TestSupport;

namespace FakeLens.Provenance.Tests.Labels;

public sealed class GeneratorLabelDetectorTests
{
    private static IReadOnlyList<Evidence> Analyze(byte[] bytes, string name = "image.png") =>
        new GeneratorLabelDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes, name), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    private static Evidence Single(IReadOnlyList<Evidence> evidence, string id) => Assert.Single(evidence, e => e.Id == id);

    private static string Fact(Evidence e, string name) => Assert.Single(e.Facts, f => f.Name == name).Value;

    private static void AssertStrongAi(Evidence e)
    {
        Assert.Equal(EvidenceDirection.AiGenerated, e.Direction);
        Assert.Equal(20, e.LikelihoodRatio);
        Assert.Equal(0.9, e.Reliability);
        Assert.False(e.Decisive);
        Assert.Equal(EvidenceCategory.Provenance, e.Category);
    }

    // ---- AUTOMATIC1111 ----

    [Fact]
    public void A_generator_record_alone_puts_the_file_in_the_ai_band()
    {
        var png = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("parameters", Samples.A1111));
        var verdict = new FakeLens.Core.Fusion.EvidenceFusion().Fuse(Analyze(png));
        Assert.Equal(FakeLens.Core.Fusion.VerdictBand.AiGenerated, verdict.Band);
        Assert.InRange(verdict.Probabilities.AiGenerated, 0.8, 0.9);
    }

    [Fact]
    public void A1111_parameters_in_a_PNG_text_chunk_give_model_sampler_seed_and_prompt()
    {
        var png = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("parameters", Samples.A1111));

        var e = Single(Analyze(png), "labels.generator");

        AssertStrongAi(e);
        Assert.Equal("AUTOMATIC1111 Stable Diffusion web UI (or a compatible tool)", Fact(e, "generator"));
        Assert.Equal("v1-5-pruned-emaonly", Fact(e, "model"));
        Assert.Equal("DPM++ 2M", Fact(e, "sampler"));
        Assert.Equal("Karras", Fact(e, "scheduler"));
        Assert.Equal("28", Fact(e, "steps"));
        Assert.Equal("3052196340", Fact(e, "seed"));
        Assert.Equal("7", Fact(e, "CFG scale"));
        Assert.Equal(Samples.A1111Prompt, Fact(e, "prompt"));
        Assert.Equal("lowres, bad anatomy, blurry", Fact(e, "negative prompt"));
        Assert.Equal("v1.10.1", Fact(e, "Version"));
        Assert.Contains("PNG tEXt chunk 'parameters'", Fact(e, "found in"), StringComparison.Ordinal);
        Assert.Contains("unsigned", e.Explanation, StringComparison.Ordinal);
        Assert.Contains("absence proves nothing", e.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A1111_parameters_in_an_EXIF_UNICODE_UserComment_of_a_JPEG_are_read_in_either_byte_order(bool bigEndianText, bool littleEndianTiff)
    {
        var tiff = LabelFiles.Tiff(littleEndianTiff, [], LabelFiles.UnicodeUserComment(Samples.A1111, bigEndianText));
        var jpeg = LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.ExifSegment(tiff));

        var e = Single(Analyze(jpeg, "image.jpg"), "labels.generator");

        AssertStrongAi(e);
        Assert.Equal("3052196340", Fact(e, "seed"));
        Assert.Equal(Samples.A1111Prompt, Fact(e, "prompt"));
        Assert.Contains("JPEG EXIF (APP1) 'UserComment'", Fact(e, "found in"), StringComparison.Ordinal);
    }

    [Fact]
    public void A1111_parameters_in_a_WebP_EXIF_chunk_are_read()
    {
        var webp = ImageEncoder.WebP(Scenes.Natural(64, 48, seed: 2), 80);
        var tiff = LabelFiles.Tiff(true, [], LabelFiles.UnicodeUserComment(Samples.A1111));
        var file = LabelFiles.WithWebPChunk(webp, "EXIF", tiff);

        var e = Single(Analyze(file, "image.webp"), "labels.generator");

        Assert.Equal("v1-5-pruned-emaonly", Fact(e, "model"));
        Assert.Contains("WebP EXIF chunk", Fact(e, "found in"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_prompt_is_shortened_in_the_explanation_and_kept_whole_in_the_facts()
    {
        var prompt = string.Join(", ", Enumerable.Range(0, 120).Select(i => $"detail {i}"));
        var png = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("parameters", prompt + "\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 512x512"));

        var e = Single(Analyze(png), "labels.generator");

        Assert.Equal(prompt, Fact(e, "prompt"));
        Assert.True(prompt.Length > 600);
        Assert.Contains(prompt[..GeneratorLabelDetector.ExplanationPromptChars] + "…", e.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(prompt[..(GeneratorLabelDetector.ExplanationPromptChars + 20)], e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Forge_and_Fooocus_versions_in_an_infotext_name_those_tools()
    {
        var forge = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("parameters", "a cat\nSteps: 20, Sampler: Euler, CFG scale: 3.5, Seed: 1, Version: f2.0.1v1.10.1-previous-313"));
        var fooocus = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("parameters", "a dog\nSteps: 30, Sampler: DPM++ 2M SDE Karras, Seed: 2, CFG scale: 4, Version: Fooocus v2.5.5"));

        Assert.Equal("Stable Diffusion WebUI Forge", Fact(Single(Analyze(forge), "labels.generator"), "generator"));
        Assert.Equal("Fooocus", Fact(Single(Analyze(fooocus), "labels.generator"), "generator"));
    }

    // ---- ComfyUI ----

    [Fact]
    public void ComfyUI_prompt_graph_is_followed_through_a_LoRA_to_the_checkpoint_and_the_text_encoders()
    {
        var png = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("prompt", Samples.ComfyPrompt), LabelFiles.Text("workflow", Samples.ComfyWorkflow));

        var evidence = Analyze(png);
        var e = Single(evidence, "labels.generator");

        AssertStrongAi(e);
        Assert.Equal("ComfyUI", Fact(e, "generator"));
        Assert.Equal("sd_xl_base_1.0.safetensors", Fact(e, "model"));
        Assert.Equal("156680208700286", Fact(e, "seed"));
        Assert.Equal("20", Fact(e, "steps"));
        Assert.Equal("8.0", Fact(e, "CFG scale"));
        Assert.Equal("euler", Fact(e, "sampler"));
        Assert.Equal("a red fox in fresh snow, golden hour", Fact(e, "prompt"));
        Assert.Equal("text, watermark", Fact(e, "negative prompt"));
    }

    [Fact]
    public void ComfyUI_workflow_alone_still_gives_the_checkpoint_and_sampler_widgets()
    {
        var png = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("workflow", Samples.ComfyWorkflow));

        var e = Single(Analyze(png), "labels.generator");

        Assert.Equal("sd_xl_base_1.0.safetensors", Fact(e, "model"));
        Assert.Equal("156680208700286", Fact(e, "seed"));
        Assert.Equal(20, e.LikelihoodRatio);
    }

    [Fact]
    public async Task ComfyUI_WebP_with_prompt_in_EXIF_Model_and_workflow_in_Make_is_read()
    {
        var compact = JsonSerializer.Serialize(JsonDocument.Parse(Samples.ComfyPrompt).RootElement);
        var workflow = JsonSerializer.Serialize(JsonDocument.Parse(Samples.ComfyWorkflow).RootElement);
        var tiff = LabelFiles.Tiff(true, [(0x010F, "workflow:" + workflow), (0x0110, "prompt:" + compact)]);
        var file = LabelFiles.WithWebPChunk(ImageEncoder.WebP(Scenes.Natural(64, 48, seed: 2), 80), "EXIF", [.. "Exif\0\0"u8, .. tiff]);

        var e = Single(Analyze(file, "ComfyUI_00001_.webp"), "labels.generator");

        Assert.Equal("ComfyUI", Fact(e, "generator"));
        Assert.Equal("a red fox in fresh snow, golden hour", Fact(e, "prompt"));
        Assert.Contains("WebP EXIF chunk 'Model'", Fact(e, "found in"), StringComparison.Ordinal);

        // The metadata detector must not mistake ComfyUI's EXIF Make/Model payloads for a camera.
        var context = AnalysisContext.FromBytes(file, "ComfyUI_00001_.webp");
        var metadata = await new FakeLens.Provenance.Metadata.MetadataDetector().AnalyzeAsync(context, CancellationToken.None);
        Assert.DoesNotContain(metadata, m => m.Id == "metadata.camera");
    }

    [Fact]
    public void ComfyUI_graph_without_a_sampler_is_weak_evidence_of_an_AI_tool_not_of_generation()
    {
        const string upscaleOnly = """{"1": {"inputs": {"image": "photo.jpg"}, "class_type": "LoadImage"}, "2": {"inputs": {"model_name": "4x-UltraSharp.pth"}, "class_type": "UpscaleModelLoader"}, "3": {"inputs": {"upscale_model": ["2", 0], "image": ["1", 0]}, "class_type": "ImageUpscaleWithModel"}, "4": {"inputs": {"images": ["3", 0]}, "class_type": "SaveImage"}}""";
        var png = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("prompt", upscaleOnly));

        var e = Single(Analyze(png), "labels.generator");

        Assert.Equal(EvidenceDirection.AiGenerated, e.Direction);
        Assert.InRange(e.LikelihoodRatio, 1.5, 4);
        Assert.Contains("no sampling step", e.Explanation, StringComparison.Ordinal);
    }

    // ---- NovelAI ----

    [Fact]
    public void NovelAI_text_chunks_give_model_from_Source_and_settings_from_Comment()
    {
        var png = LabelFiles.WithChunks(
            LabelFiles.PlainPng(),
            LabelFiles.Text("Title", "NovelAI generated image"),
            LabelFiles.Text("Description", Samples.NovelAiPrompt),
            LabelFiles.Text("Software", "NovelAI"),
            LabelFiles.Text("Source", Samples.NovelAiSource),
            LabelFiles.Text("Comment", Samples.NovelAiComment));

        var e = Single(Analyze(png), "labels.generator");

        AssertStrongAi(e);
        Assert.Equal("NovelAI", Fact(e, "generator"));
        Assert.Equal(Samples.NovelAiSource, Fact(e, "model"));
        Assert.Equal("k_euler_ancestral", Fact(e, "sampler"));
        Assert.Equal("2921154069", Fact(e, "seed"));
        Assert.Equal("5.0", Fact(e, "CFG scale"));
        Assert.Equal(Samples.NovelAiPrompt, Fact(e, "prompt"));
        Assert.Equal("lowres, bad anatomy", Fact(e, "negative prompt"));
    }

    [Fact]
    public void NovelAI_stealth_pngcomp_payload_is_decoded_from_the_alpha_channel()
    {
        var fields = new Dictionary<string, string>
        {
            ["Description"] = Samples.NovelAiPrompt,
            ["Software"] = "NovelAI",
            ["Source"] = Samples.NovelAiSource,
            ["Generation time"] = "2.91",
            ["Comment"] = Samples.NovelAiComment,
        };
        var payload = LabelFiles.Gzip(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(fields)));
        var png = LabelFiles.StealthPng("stealth_pngcomp", payload);

        var e = Single(Analyze(png), "labels.generator");

        AssertStrongAi(e);
        Assert.Equal("NovelAI", Fact(e, "generator"));
        Assert.Equal("2921154069", Fact(e, "seed"));
        Assert.Equal(Samples.NovelAiSource, Fact(e, "model"));
        Assert.Equal(Samples.NovelAiPrompt, Fact(e, "prompt"));
        Assert.Contains("PNG alpha channel (stealth_pngcomp)", Fact(e, "found in"), StringComparison.Ordinal);
    }

    [Fact]
    public void Stealth_pnginfo_plain_payload_carrying_A1111_parameters_is_read()
    {
        var png = LabelFiles.StealthPng("stealth_pnginfo", Encoding.UTF8.GetBytes(Samples.A1111), width: 120, height: 100);

        var e = Single(Analyze(png), "labels.generator");

        Assert.Equal("3052196340", Fact(e, "seed"));
        Assert.Contains("stealth_pnginfo", Fact(e, "found in"), StringComparison.Ordinal);
    }

    [Fact]
    public void Stealth_payload_in_a_tall_image_is_found_after_the_quick_header_check()
    {
        // 200 rows: the magic and length lie in column 0, which the reader checks from the first 152 decoded rows.
        var payload = LabelFiles.Gzip(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["Software"] = "NovelAI", ["Comment"] = Samples.NovelAiComment })));
        var png = LabelFiles.StealthPng("stealth_pngcomp", payload, width: 40, height: 200);

        Assert.Equal("2921154069", Fact(Single(Analyze(png), "labels.generator"), "seed"));
    }

    [Fact]
    public void An_opaque_alpha_channel_without_the_magic_gives_nothing()
    {
        var png = LabelFiles.StealthPng("not_a_magic_str", [1, 2, 3]);

        Assert.Empty(Analyze(png));
    }

    // ---- InvokeAI, SwarmUI, Fooocus, Midjourney ----

    [Fact]
    public void InvokeAI_metadata_json_gives_model_name_and_prompts()
    {
        const string meta = """{"generation_mode": "txt2img", "positive_prompt": "an astronaut riding a horse", "negative_prompt": "blurry", "width": 1024, "height": 1024, "seed": 1234567, "rand_device": "cpu", "cfg_scale": 6.5, "steps": 30, "scheduler": "dpmpp_2m_k", "model": {"key": "abc", "hash": "blake3:0f", "name": "Juggernaut XL v9", "base": "sdxl", "type": "main"}, "app_version": "4.2.9"}""";
        var png = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("invokeai_metadata", meta));

        var e = Single(Analyze(png), "labels.generator");

        Assert.Equal("InvokeAI", Fact(e, "generator"));
        Assert.Equal("Juggernaut XL v9", Fact(e, "model"));
        Assert.Equal("1234567", Fact(e, "seed"));
        Assert.Equal("an astronaut riding a horse", Fact(e, "prompt"));
        Assert.Equal("4.2.9", Fact(e, "app version"));
    }

    [Fact]
    public void InvokeAI_2_sd_metadata_and_legacy_Dream_are_read()
    {
        const string sd = """{"model": "stable diffusion", "model_weights": "stable-diffusion-1.5", "model_hash": "cc6cb27103417325ff94f52b7a5d2dde45a7515b25c255d8e396c90014281516", "app_id": "invoke-ai/InvokeAI", "app_version": "2.2.5", "image": {"prompt": [{"prompt": "a watercolor of a harbour", "weight": 1.0}], "steps": 50, "cfg_scale": 7.5, "threshold": 0, "perlin": 0, "height": 512, "width": 512, "seed": 42424242, "seamless": false, "hires_fix": false, "type": "txt2img", "postprocessing": null, "sampler": "k_lms", "variations": []}}""";
        var a = Single(Analyze(LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("sd-metadata", sd))), "labels.generator");
        var b = Single(Analyze(LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("Dream", "\"a watercolor of a harbour [blurry]\" -s 50 -S 42424242 -W 512 -H 512 -C 7.5 -A k_lms"))), "labels.generator");

        Assert.Equal("stable-diffusion-1.5", Fact(a, "model"));
        Assert.Equal("a watercolor of a harbour", Fact(a, "prompt"));
        Assert.Equal("42424242", Fact(b, "seed"));
        Assert.Equal("k_lms", Fact(b, "sampler"));
        Assert.Equal("7.5", Fact(b, "CFG scale"));
    }

    [Fact]
    public void SwarmUI_parameters_json_is_read_from_PNG_text_and_from_legacy_EXIF_Model()
    {
        const string swarm = """{"sui_image_params": {"prompt": "A man mid-sprint captured in motion", "model": "Flux/flux1-dev-fp8", "seed": 123998, "steps": 25, "cfgscale": 1.0, "width": 512, "height": 768, "sampler": "euler", "scheduler": "simple", "negativeprompt": "", "swarm_version": "0.9.1.1"}}""";
        var png = Single(Analyze(LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("parameters", swarm))), "labels.generator");
        var jpeg = Single(Analyze(LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.ExifSegment(LabelFiles.Tiff(false, [(0x0110, swarm)]))), "x.jpg"), "labels.generator");

        foreach (var e in new[] { png, jpeg })
        {
            Assert.Equal("SwarmUI", Fact(e, "generator"));
            Assert.Equal("Flux/flux1-dev-fp8", Fact(e, "model"));
            Assert.Equal("123998", Fact(e, "seed"));
            Assert.Equal("0.9.1.1", Fact(e, "SwarmUI version"));
        }
    }

    [Fact]
    public void Fooocus_json_scheme_in_PNG_parameters_and_in_a_JPEG_comment_is_read()
    {
        const string fooocus = """{"adm_guidance": "(1.5, 0.8, 0.3)", "base_model": "juggernautXL_v8Rundiffusion.safetensors", "base_model_hash": "aeb7e9e689", "full_negative_prompt": ["unrealistic"], "full_prompt": ["a cozy cabin in the woods, cinematic"], "guidance_scale": 4, "negative_prompt": "", "performance": "Speed", "prompt": "a cozy cabin in the woods", "resolution": "(1152, 896)", "sampler": "dpmpp_2m_sde_gpu", "scheduler": "karras", "seed": "5123987422", "sharpness": 2, "steps": 30, "styles": "['Fooocus V2']", "vae": "Default (model)", "version": "Fooocus v2.5.5"}""";
        var png = Single(Analyze(LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("parameters", fooocus), LabelFiles.Text("fooocus_scheme", "fooocus"))), "labels.generator");
        var jpeg = Single(Analyze(LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.CommentSegment(fooocus)), "x.jpg"), "labels.generator");

        // Fooocus's get_exif: PIL Image.Exif puts UserComment into IFD0, next to Software and MakerNote.
        var exif = Single(Analyze(LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.ExifSegment(LabelFiles.Tiff(true, [(0x0131, "Fooocus v2.5.5"), (0x9286, fooocus)]))), "y.jpg"), "labels.generator");

        foreach (var e in new[] { png, jpeg, exif })
        {
            Assert.Equal("Fooocus", Fact(e, "generator"));
            Assert.Equal("juggernautXL_v8Rundiffusion.safetensors", Fact(e, "model"));
            Assert.Equal("5123987422", Fact(e, "seed"));
            Assert.Equal("a cozy cabin in the woods", Fact(e, "prompt"));
        }
    }

    [Fact]
    public void Midjourney_Description_with_a_Job_ID_gives_prompt_version_and_job()
    {
        var png = LabelFiles.WithChunks(
            LabelFiles.PlainPng(),
            LabelFiles.Text("Author", "peterkaminski"),
            LabelFiles.Text("Description", "example --ar 2:1 --stylize 80 --v 6 Job ID: a7421d2f-b262-44f9-977c-ac23e9c7d3e3"));

        var e = Single(Analyze(png), "labels.generator");

        AssertStrongAi(e);
        Assert.Equal("Midjourney", Fact(e, "generator"));
        Assert.Equal("example --ar 2:1 --stylize 80 --v 6", Fact(e, "prompt"));
        Assert.Equal("Midjourney v6", Fact(e, "model"));
        Assert.Equal("a7421d2f-b262-44f9-977c-ac23e9c7d3e3", Fact(e, "Midjourney job id"));
        Assert.Equal("peterkaminski", Fact(e, "author"));
    }

    [Fact]
    public void Midjourney_description_in_JPEG_XMP_is_read_next_to_its_source_type()
    {
        var xmp = LabelFiles.Xmp("Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia\">" +
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">a koi pond in the rain --v 6.1 Job ID: 0b6f7bd6-8a8c-4c7e-9a65-1f0e7f9e2d11</rdf:li></rdf:Alt></dc:description></rdf:Description>");
        var jpeg = LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.XmpSegment(xmp));

        var evidence = Analyze(jpeg, "mj.jpg");

        Assert.Equal("a koi pond in the rain --v 6.1", Fact(Single(evidence, "labels.generator"), "prompt"));
        AssertStrongAi(Single(evidence, "labels.digital-source-type"));
    }

    // ---- IPTC digital source type ----

    [Theory]
    [InlineData("Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia\"/>")]
    [InlineData("><Iptc4xmpExt:DigitalSourceType rdf:resource=\"https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia\"/></rdf:Description>")]
    [InlineData("><Iptc4xmpExt:DigitalSourceType>trainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType></rdf:Description>")]
    public void TrainedAlgorithmicMedia_in_JPEG_XMP_is_strong_but_forgeable_AI_evidence(string body)
    {
        var jpeg = LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.XmpSegment(LabelFiles.Xmp(body)));

        var e = Single(Analyze(jpeg, "ai.jpg"), "labels.digital-source-type");

        AssertStrongAi(e);
        Assert.Equal("Labelled as AI-generated (IPTC digital source type)", e.Title);
        Assert.Contains("Trained algorithmic media", e.Explanation, StringComparison.Ordinal);
        Assert.Contains("not signed", e.Explanation, StringComparison.Ordinal);
        Assert.Equal("Trained algorithmic media", Fact(e, "IPTC name"));
    }

    [Fact]
    public void DigitalCapture_is_weak_authentic_evidence()
    {
        var jpeg = LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.XmpSegment(LabelFiles.Xmp("Iptc4xmpExt:DigitalSourceType=\" http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture\"/>")));

        var e = Single(Analyze(jpeg, "photo.jpg"), "labels.digital-source-type");

        Assert.Equal(EvidenceDirection.Authentic, e.Direction);
        Assert.Equal(1.5, e.LikelihoodRatio);
        Assert.Contains("anyone can write", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void AlgorithmicMedia_is_weaker_than_an_AI_label_and_says_why()
    {
        var jpeg = LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.XmpSegment(LabelFiles.Xmp("Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia\"/>")));

        var e = Single(Analyze(jpeg, "gradient.jpg"), "labels.digital-source-type");

        Assert.Equal(EvidenceDirection.AiGenerated, e.Direction);
        Assert.InRange(e.LikelihoodRatio, 2, 10);
        Assert.Contains("not come from a trained AI model", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_type_split_into_extended_XMP_is_reassembled()
    {
        var filler = new string('x', 3000);
        var main = LabelFiles.Xmp("xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\" xmpNote:HasExtendedXMP=\"0123456789ABCDEF0123456789ABCDEF\"/>");
        var extended = LabelFiles.Xmp($"xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\" photoshop:Instructions=\"{filler}\" Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia\"/>");
        var jpeg = LabelFiles.WithSegments(LabelFiles.PlainJpeg(), [LabelFiles.XmpSegment(main), .. LabelFiles.ExtendedXmpSegments(extended, "0123456789ABCDEF0123456789ABCDEF", 1000)]);

        var e = Single(Analyze(jpeg, "genfill.jpg"), "labels.digital-source-type");

        AssertStrongAi(e);
        Assert.Equal("Labelled as partly AI-generated (IPTC digital source type)", e.Title);
        Assert.Contains("JPEG extended XMP", Fact(e, "digital source type"), StringComparison.Ordinal);
    }

    [Fact]
    public void Source_type_in_compressed_PNG_iTXt_XMP_is_read()
    {
        var xmp = LabelFiles.Xmp("Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia\"/>");
        var png = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.International("XML:com.adobe.xmp", xmp, compress: true));

        var e = Single(Analyze(png), "labels.digital-source-type");

        AssertStrongAi(e);
        Assert.Contains("PNG iTXt chunk", Fact(e, "digital source type"), StringComparison.Ordinal);
    }

    [Fact]
    public void Source_type_in_WebP_and_MP4_XMP_is_read()
    {
        var xmp = LabelFiles.Xmp("Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia\"/>");
        var webp = LabelFiles.WithWebPChunk(ImageEncoder.WebP(Scenes.Natural(64, 48, seed: 2), 80), "XMP ", Encoding.UTF8.GetBytes(xmp));
        var mp4 = LabelFiles.Mp4WithXmp(xmp);
        var mp4Context = AnalysisContext.FromBytes(mp4, "clip.mp4");

        Assert.True(new GeneratorLabelDetector().AppliesTo(mp4Context.Media));
        AssertStrongAi(Single(Analyze(webp, "x.webp"), "labels.digital-source-type"));
        var e = Single(Analyze(mp4, "clip.mp4"), "labels.digital-source-type");
        Assert.Contains("MP4 XMP box", Fact(e, "digital source type"), StringComparison.Ordinal);
    }

    [Fact]
    public void Source_type_in_TIFF_XMP_tag_700_is_read()
    {
        var xmp = LabelFiles.Xmp("Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic\"/>");
        var tiff = LabelFiles.Tiff(true, [(0x02BC, xmp)]);

        var e = Single(Analyze(tiff, "scan.tif"), "labels.digital-source-type");

        Assert.Equal(EvidenceDirection.AiGenerated, e.Direction);
        Assert.Equal(6, e.LikelihoodRatio);
        Assert.Contains("TIFF XMP (tag 700)", Fact(e, "digital source type"), StringComparison.Ordinal);
    }

    [Fact]
    public void Source_type_in_a_damaged_XMP_packet_is_still_found()
    {
        var broken = LabelFiles.Xmp("Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia\"/>")[..^40];

        var e = Single(Analyze(LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.XmpSegment(broken)), "cut.jpg"), "labels.digital-source-type");

        AssertStrongAi(e);
    }

    [Theory]
    [InlineData("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", "trainedAlgorithmicMedia")]
    [InlineData("https://cv.iptc.org/newscodes/digitalsourcetype/negativeFilm/", "negativeFilm")]
    [InlineData("digsrctype:print", "print")]
    [InlineData(" compositeCapture ", "compositeCapture")]
    [InlineData("https://schema.org/CompositeWithTrainedAlgorithmicMediaDigitalSource", "compositeWithTrainedAlgorithmicMedia")]
    public void Source_type_values_are_accepted_as_URI_QCode_bare_term_or_schema_org(string value, string term)
    {
        Assert.Equal(term, DigitalSourceTypes.Find(value)?.Term);
    }

    [Fact]
    public void An_unknown_source_type_is_a_neutral_low_reliability_fact()
    {
        var jpeg = LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.XmpSegment(LabelFiles.Xmp("Iptc4xmpExt:DigitalSourceType=\"madeByHand\"/>")));

        var e = Single(Analyze(jpeg, "x.jpg"), "labels.digital-source-type");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.True(e.Reliability < 0.8);
    }

    // ---- No labels, real files ----

    [Fact]
    public void Files_without_labels_give_no_evidence()
    {
        Assert.Empty(Analyze(LabelFiles.PlainPng()));
        Assert.Empty(Analyze(LabelFiles.PlainJpeg(), "x.jpg"));
        Assert.Empty(Analyze(ImageEncoder.WebP(Scenes.Natural(64, 48), 80), "x.webp"));
        Assert.Empty(Analyze(LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("Software", "GIMP 2.10"), LabelFiles.Text("Comment", "Created with GIMP"))));
    }

    [Fact]
    public void Shared_real_photos_and_AI_samples_without_metadata_give_no_labels()
    {
        var files = TestData.Files("images/real/kodak24", "*.png", minimum: 3).Take(3)
            .Concat(TestData.Files("images/ai/sd1", "*.png", minimum: 3).Take(3))
            .Concat(TestData.Files("images/ai-vs-real/ml72/ai", "*.jpg", minimum: 3).Take(3))
            .ToList();
        Assert.Equal(9, files.Count);
        foreach (var f in files)
        {
            Assert.Empty(Analyze(File.ReadAllBytes(f), Path.GetFileName(f)));
        }
    }

    /// <summary>
    /// Verified with a byte search of the shared C2PA fixtures: none of them has Iptc4xmpExt:DigitalSourceType in XMP;
    /// ocsp.jpg (Firefly + Photoshop) states trainedAlgorithmicMedia and compositeWithTrainedAlgorithmicMedia only inside
    /// its C2PA manifest (CBOR), which is the C2PA reader's to report. The XMP of earth_apollo17.jpg and no_manifest.jpg
    /// is Photoshop's (no label), that of adobe-20220124-e-clm-caicai.jpg and boxhash.jpg a bare packet.
    /// </summary>
    [Fact]
    public void Shared_C2PA_fixtures_carry_no_label_outside_their_manifests()
    {
        var files = TestData.Files("c2pa", "*.*", minimum: 24).Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).ToList();
        Assert.True(files.Count >= 20);
        foreach (var f in files)
        {
            var bytes = File.ReadAllBytes(f);
            var evidence = Analyze(bytes, Path.GetFileName(f));
            Assert.Empty(evidence);
            if (Path.GetFileName(f) == "ocsp.jpg")
            {
                var labels = LabelReader.Read(bytes, 100_000_000, CancellationToken.None);
                Assert.DoesNotContain(labels.Texts, t => t.Value.Contains("DigitalSourceType", StringComparison.OrdinalIgnoreCase));
                Assert.True(bytes.AsSpan().IndexOf("digitalsourcetype/trainedAlgorithmicMedia"u8) > 0, "the manifest states the source type");
            }
        }
    }
}
