using Akka.Configuration;

namespace AlertActors.Configuration;

/// <summary>
/// Every problem found in one configuration, in the order found, so an operator sees them all at once instead of
/// one per restart. Each problem is one line that starts with the key (<c>alertactors.kafka.topic: ...</c>), or with
/// the file and its line and column for a syntax error; secrets are never part of a problem.
/// </summary>
public sealed class ConfigProblems
{
    private readonly List<string> _items = [];

    public IReadOnlyList<string> Items => _items;

    public int Count => _items.Count;

    public void Add(string problem)
    {
        if (!_items.Contains(problem, StringComparer.Ordinal))
            _items.Add(problem);
    }

    public void AddRange(IEnumerable<string> problems)
    {
        foreach (var problem in problems)
            Add(problem);
    }

    /// <summary>Replaces every problem by <paramref name="rewrite"/>'s version of it (e.g. to name the environment
    /// variable that set the key).</summary>
    public void Rewrite(Func<string, string> rewrite)
    {
        for (var i = 0; i < _items.Count; i++)
            _items[i] = rewrite(_items[i]);
    }

    /// <summary>Runs a reader that throws <see cref="ConfigurationException"/> on its first mistake; records that
    /// mistake and returns <paramref name="fallback"/>.</summary>
    public T Try<T>(Func<T> read, T fallback)
    {
        try
        {
            return read();
        }
        catch (ConfigurationProblemsException ex)
        {
            AddRange(ex.Problems);
            return fallback;
        }
        catch (ConfigurationException ex)
        {
            Add(ex.Message);
            return fallback;
        }
    }

    /// <summary>Throws <see cref="ConfigurationProblemsException"/> listing every problem, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (_items.Count > 0)
            throw new ConfigurationProblemsException(_items);
    }
}

/// <summary>A configuration that cannot be used; <see cref="Problems"/> lists every reason, one line each (the message
/// joins them with newlines).</summary>
public sealed class ConfigurationProblemsException(IReadOnlyList<string> problems)
    : ConfigurationException(string.Join("\n", problems))
{
    public IReadOnlyList<string> Problems { get; } = [.. problems];
}
