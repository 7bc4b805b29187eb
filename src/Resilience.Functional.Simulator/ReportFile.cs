namespace Resilience.Functional.Simulator;

/// <summary>Checks, before any run, that the report can be written, so that a long simulation does not end in an I/O error.</summary>
internal static class ReportFile
{
    /// <summary>Why the report cannot be written to <paramref name="path"/>, or null if it can.</summary>
    /// <remarks>Creates the missing folders, and opens the file for writing without changing it (a new file is removed again).</remarks>
    public static string? Check(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full) || Path.EndsInDirectorySeparator(path))
            {
                return $"--output '{path}' is a folder: give a file path, such as '{Path.Combine(path, SimulatorSettings.DefaultOutput)}'.";
            }

            if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            var existed = File.Exists(full);
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
            {
            }

            if (!existed)
            {
                File.Delete(full);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Unwritable(path, e);
        }
    }

    /// <summary>The one-line message for an <paramref name="error"/> writing to <paramref name="path"/>.</summary>
    public static string Unwritable(string path, Exception error) => $"cannot write the report to '{path}': {error.Message}";
}
