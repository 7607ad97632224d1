namespace AlertActors.Configuration.Tests;

/// <summary>How a refused secret is checked: one problem, at the secret's path, that does not repeat it.</summary>
internal static class SecretRefusal
{
    /// <summary>Asserts <paramref name="problems"/> is one problem starting with <paramref name="startsWith"/> and
    /// without <paramref name="secret"/> in it.</summary>
    public static void AssertSingleWithoutSecret(IReadOnlyList<string> problems, string startsWith, string secret)
    {
        var problem = Assert.Single(problems);
        Assert.StartsWith(startsWith, problem);
        Assert.DoesNotContain(secret, problem);
    }
}
