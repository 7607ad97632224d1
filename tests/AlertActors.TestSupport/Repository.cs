namespace AlertActors.TestSupport;

/// <summary>The repository the tests were built from, for tests that compare the docs with the code.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            directory is not null;
            directory = directory.Parent
        )
            if (File.Exists(Path.Combine(directory.FullName, "AlertActors.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"no AlertActors.sln above {AppContext.BaseDirectory}");
    }
}
