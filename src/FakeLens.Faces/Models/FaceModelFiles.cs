namespace FakeLens.Faces.Models;

/// <summary>
/// Where the face models live. They are not in the repository: <c>scripts/bootstrap.sh</c> installs the npm packages
/// <c>@mediapipe/face_detection</c> and <c>@mediapipe/face_mesh</c> (Apache-2.0) and extracts BlazeFace and the
/// face-mesh network into <c>.fakelens/models/faces</c>. <c>FAKELENS_FACE_MODELS</c> overrides the folder; otherwise
/// the folder is searched upwards from the program's directory and the working directory.
/// </summary>
public sealed record FaceModelFiles(string Directory)
{
    public const string EnvironmentVariable = "FAKELENS_FACE_MODELS";
    public const string DetectorFile = "face_detection_short_range.tflite";
    public const string MeshFile = "face_landmark.tflite";

    public string DetectorPath => Path.Combine(Directory, DetectorFile);

    public string MeshPath => Path.Combine(Directory, MeshFile);

    /// <summary>The installed model files, or null with a reason a person can act on.</summary>
    public static FaceModelFiles? Locate(out string? whyNot) =>
        Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), [AppContext.BaseDirectory, Environment.CurrentDirectory], out whyNot);

    /// <summary>As <see cref="Locate(out string?)"/> with the override and the search starts given (tests).</summary>
    internal static FaceModelFiles? Locate(string? env, IReadOnlyList<string> starts, out string? whyNot)
    {
        if (!string.IsNullOrEmpty(env))
        {
            var files = new FaceModelFiles(env);
            whyNot = files.Complete() ? null : $"face models not installed: {EnvironmentVariable} points to {env}, which lacks {DetectorFile} or {MeshFile}";
            return whyNot is null ? files : null;
        }

        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, ".fakelens", "models", "faces"), Path.Combine(dir.FullName, "models", "faces") })
                {
                    var files = new FaceModelFiles(candidate);
                    if (files.Complete())
                    {
                        whyNot = null;
                        return files;
                    }
                }
            }
        }

        whyNot = "face models not installed (run scripts/bootstrap.sh, which extracts them into .fakelens/models/faces, or set " + EnvironmentVariable + ")";
        return null;
    }

    private bool Complete() => File.Exists(DetectorPath) && File.Exists(MeshPath);
}
