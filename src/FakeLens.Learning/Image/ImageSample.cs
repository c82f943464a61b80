namespace FakeLens.Learning.Image;

/// <summary>One labelled image file: its folder (for the per-folder breakdown) and its generator family (for leave-one-generator-out; "real" for real photos).</summary>
public sealed record ImageSample(string Path, bool IsFake, string Folder, string Family);
