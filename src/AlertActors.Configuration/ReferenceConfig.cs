using Akka.Configuration;

namespace AlertActors.Configuration;

/// <summary>
/// The shipped defaults: <c>hocon/alertactors.conf</c>, embedded in this assembly, which lists every <c>alertactors</c>
/// key with its default. It is the one place a default is written: the settings reader falls back to it for a key that
/// is missing or wrong, and the settings records start from it.
/// </summary>
public static class ReferenceConfig
{
    private const string ResourceName = "AlertActors.Configuration.alertactors.conf";

    /// <summary>The whole file, parsed once.</summary>
    public static Config Defaults { get; } = Load();

    /// <summary>The <c>alertactors { }</c> section of <see cref="Defaults"/>.</summary>
    public static Config Section { get; } = Defaults.GetConfig("alertactors");

    /// <summary>The default of <c>alertactors.<paramref name="key"/></c> as text;
    /// <see cref="InvalidOperationException"/> when it has none.</summary>
    public static string String(string key) =>
        Section.HasPath(key) && Section.GetValue(key) is { } value && !value.IsObject() && !value.IsArray()
            ? value.GetString() ?? ""
            : throw new InvalidOperationException($"alertactors.{key} has no default in hocon/alertactors.conf");

    /// <summary>The default of <c>alertactors.<paramref name="key"/></c>, a whole number.</summary>
    public static int Int(string key) => int.Parse(String(key), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The default of <c>alertactors.<paramref name="key"/></c>, a duration (HOCON units: 500ms, 30s, 5m, 4h,
    /// 1d).</summary>
    public static TimeSpan Duration(string key)
    {
        String(key);
        return Section.GetTimeSpan(key, allowInfinite: false);
    }

    /// <summary>The default of <c>alertactors.<paramref name="key"/></c>, a HOCON boolean (on/off, true/false,
    /// yes/no).</summary>
    public static bool Bool(string key)
    {
        String(key);
        return Section.GetBoolean(key);
    }

    private static Config Load()
    {
        using var stream =
            typeof(ReferenceConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"{ResourceName} is not embedded in {typeof(ReferenceConfig).Assembly.GetName().Name}"
            );
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
