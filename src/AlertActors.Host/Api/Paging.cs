namespace AlertActors.Host.Api;

/// <summary>
/// <c>?limit=&amp;offset=</c> of the list endpoints: limit 1 to <see cref="MaxLimit"/> (default
/// <see cref="DefaultLimit"/>), offset 0 or more. A value out of range is refused with 400 naming the range, never
/// quietly changed.
/// </summary>
public readonly record struct Paging(int Offset, int Limit)
{
    /// <summary>Items per page when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The page asked for, or a 400 problem in <paramref name="error"/>.</summary>
    public static bool TryRead(
        int? limit,
        int? offset,
        out Paging paging,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out BadRequestProblem? error
    )
    {
        var problems = new List<string>();
        if (limit is < 1 or > MaxLimit)
            problems.Add($"limit={limit} is out of range: 1 to {MaxLimit} (default {DefaultLimit})");
        if (offset is < 0)
            problems.Add($"offset={offset} is out of range: 0 or more");
        paging = new Paging(offset ?? 0, limit ?? DefaultLimit);
        error = problems.Count == 0 ? null : new BadRequestProblem(string.Join("; ", problems), problems);
        return error is null;
    }
}
