namespace FakeLens.Watermark.StableDiffusion;

/// <summary>A published invisible-watermark payload and the generator that writes it.</summary>
/// <param name="Name">The payload as its source writes it ("StableDiffusionV1", "SDV2", "0xB3EC907BB19E").</param>
/// <param name="Model">The generator, for a person ("Stable Diffusion 1.x", "SDXL").</param>
/// <param name="Payload">The bits, in the library's order (most significant bit of the first byte first).</param>
public sealed record KnownSdPayload(string Name, string Model, WatermarkPayload Payload);
