namespace AlertActors.Configuration;

/// <summary>Where the file input reads (<c>alertactors.file-input</c>); no path = off.</summary>
public sealed record FileInputSettings(string Path, TimeSpan PollInterval)
{
    public bool Enabled => Path.Length > 0;

    /// <summary>The byte position read up to, kept beside the file so a restart resumes there.</summary>
    public string PositionPath => Path + ".position";

    /// <summary>Lines that are not valid events, each with the reason (the file input's dead-letter list).</summary>
    public string RejectedPath => Path + ".rejected";
}
