namespace FakeLens.Provenance.Tests.Labels;

/// <summary>Generator records as the tools write them (field names and layout from their source code; values invented).</summary>
internal static class Samples
{
    public const string A1111Prompt = "masterpiece, best quality, a lighthouse on a cliff at dawn, volumetric light";

    /// <summary>An AUTOMATIC1111 infotext as modules/processing.py create_infotext lays it out (v1.10).</summary>
    public const string A1111 =
        A1111Prompt + "\n" +
        "Negative prompt: lowres, bad anatomy, blurry\n" +
        "Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 3052196340, Size: 512x768, Model hash: 6ce0161689, " +
        "Model: v1-5-pruned-emaonly, VAE hash: 735e4c3a44, VAE: vae-ft-mse-840000-ema-pruned.safetensors, Denoising strength: 0.45, " +
        "Clip skip: 2, Hires upscale: 2, Hires upscaler: Latent, Lora hashes: \"detail: 62b0ab2f4a, light: 1d3a6e4c55\", Version: v1.10.1";

    /// <summary>ComfyUI's API graph (the "prompt" text of SaveImage) for the default workflow with a LoRA between loader and sampler.</summary>
    public const string ComfyPrompt = """
        {"3": {"inputs": {"seed": 156680208700286, "steps": 20, "cfg": 8.0, "sampler_name": "euler", "scheduler": "normal", "denoise": 1.0,
               "model": ["10", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}, "class_type": "KSampler", "_meta": {"title": "KSampler"}},
         "4": {"inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}, "class_type": "CheckpointLoaderSimple"},
         "5": {"inputs": {"width": 1024, "height": 1024, "batch_size": 1}, "class_type": "EmptyLatentImage"},
         "6": {"inputs": {"text": "a red fox in fresh snow, golden hour", "clip": ["10", 1]}, "class_type": "CLIPTextEncode"},
         "7": {"inputs": {"text": "text, watermark", "clip": ["10", 1]}, "class_type": "CLIPTextEncode"},
         "8": {"inputs": {"samples": ["3", 0], "vae": ["4", 2]}, "class_type": "VAEDecode"},
         "9": {"inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}, "class_type": "SaveImage"},
         "10": {"inputs": {"lora_name": "detail.safetensors", "strength_model": 0.8, "strength_clip": 0.8, "model": ["4", 0], "clip": ["4", 1]}, "class_type": "LoraLoader"}}
        """;

    public const string ComfyWorkflow = """
        {"last_node_id": 10, "last_link_id": 12, "nodes": [
          {"id": 3, "type": "KSampler", "widgets_values": [156680208700286, "randomize", 20, 8, "euler", "normal", 1]},
          {"id": 4, "type": "CheckpointLoaderSimple", "widgets_values": ["sd_xl_base_1.0.safetensors"]}], "links": [], "version": 0.4}
        """;

    public const string NovelAiPrompt = "1girl, cherry blossoms, river, spring, very aesthetic";

    /// <summary>NovelAI's Comment JSON (field set of a V4.5 image; values invented).</summary>
    public const string NovelAiComment =
        "{\"prompt\": \"" + NovelAiPrompt + "\", \"steps\": 28, \"height\": 1216, \"width\": 832, \"scale\": 5.0, \"uncond_scale\": 0.0, \"cfg_rescale\": 0.0, " +
        "\"seed\": 2921154069, \"n_samples\": 1, \"hide_debug_overlay\": false, \"noise_schedule\": \"karras\", \"legacy_v3_extend\": false, " +
        "\"sampler\": \"k_euler_ancestral\", \"dynamic_thresholding\": false, \"version\": 1, \"uc\": \"lowres, bad anatomy\", " +
        "\"request_type\": \"PromptGenerateRequest\", \"signed_hash\": \"cGxhY2Vob2xkZXI=\"}";

    public const string NovelAiSource = "NovelAI Diffusion V4.5 4BDE2A90";
}
