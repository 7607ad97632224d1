using System.Globalization;
using System.Text.RegularExpressions;

namespace AlertActors.Configuration;

/// <summary>
/// Structural checks of a HOCON file before Akka's parser reads it. That parser accepts a file with a missing or extra
/// closing brace, an unclosed list or an unterminated string and reads something else than what was written (a rule
/// that ends up outside <c>rules</c>, say); these checks refuse such a file with the line and column of the mistake,
/// all mistakes at once.
/// </summary>
public static partial class HoconSyntax
{
    /// <summary>One problem per mistake, each <c>FILE:LINE:COLUMN: what is wrong</c> (lines and columns count from
    /// 1).</summary>
    public static IReadOnlyList<string> Check(string text, string file)
    {
        var problems = new List<string>();
        var open = new Stack<(char Bracket, int Line, int Column)>();
        int line = 1,
            column = 1;
        for (var i = 0; i < text.Length; i++, column++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                column = 0;
                continue;
            }
            if (c == '#' || (c == '/' && Next(text, i) == '/'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n')
                    i++;
                continue;
            }
            if (c == '"')
            {
                var (startLine, startColumn) = (line, column);
                var triple = Next(text, i) == '"' && i + 2 < text.Length && text[i + 2] == '"';
                var end = triple ? text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal) : QuotedEnd(text, i);
                if (end < 0)
                {
                    // What follows is inside the string for the parser: unclosed braces after it would only be noise.
                    problems.Add(
                        $"{file}:{startLine}:{startColumn}: a {(triple ? "\"\"\"" : "\"")} string starts here and is never closed"
                    );
                    return problems;
                }
                var stop = triple ? end + 2 : end;
                for (; i < stop; i++, column++)
                    if (text[i] == '\n')
                    {
                        line++;
                        column = 0;
                    }
                continue;
            }
            if (c == '$' && Next(text, i) == '{')
            {
                var end = text.IndexOf('}', i);
                if (end < 0 || text.IndexOf('\n', i, end - i) >= 0)
                    problems.Add(
                        $"{file}:{line}:{column}: a substitution ${{...}} starts here and is never closed on its line"
                    );
                else
                {
                    column += end - i;
                    i = end;
                }
                continue;
            }
            switch (c)
            {
                case '{' or '[':
                    open.Push((c, line, column));
                    break;
                case '}' or ']':
                    var expected = c == '}' ? '{' : '[';
                    if (open.Count == 0)
                        problems.Add($"{file}:{line}:{column}: '{c}' closes nothing (no '{expected}' is open here)");
                    else if (open.Peek().Bracket != expected)
                    {
                        var (bracket, l, col) = open.Pop();
                        problems.Add(
                            $"{file}:{line}:{column}: '{c}' where '{Closing(bracket)}' was expected for the '{bracket}' at line {l}, column {col}"
                        );
                    }
                    else
                        open.Pop();
                    break;
                case '=':
                    var rest = NextSignificant(text, i + 1);
                    if (rest is '\n' or '}' or ']' or ',' or '=' or '\0')
                        problems.Add($"{file}:{line}:{column}: '=' has no value after it");
                    break;
            }
        }
        foreach (var (bracket, l, col) in open.Reverse())
            problems.Add(
                $"{file}:{l}:{col}: '{bracket}' opened here is never closed (a '{Closing(bracket)}' is missing)"
            );
        return problems;
    }

    /// <summary>Akka's parser reports a character offset ("at position 11"); this turns it into <c>FILE:LINE:COLUMN:
    /// message</c>.</summary>
    public static string Describe(string message, string text, string file)
    {
        var firstLine = message.Split('\n')[0].Trim();
        if (
            Position().Match(firstLine) is not { Success: true } match
            || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
        )
            return $"{file}: not valid HOCON: {firstLine}";
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 1 + text.AsSpan(0, offset).Count('\n');
        var column = offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1) + 1;
        var reason = Position().Replace(firstLine, "").TrimEnd(' ', ':');
        return $"{file}:{line}:{column}: not valid HOCON: {reason}"
            + (
                reason.Contains("Unknown token", StringComparison.Ordinal)
                    ? " (Akka's HOCON refuses, among others, a comma after an object written without '=': "
                        + "a { b = 1 }, c = 2; put the next key on a new line)"
                    : ""
            );
    }

    private static char Closing(char bracket) => bracket == '{' ? '}' : ']';

    private static char Next(string text, int i) => i + 1 < text.Length ? text[i + 1] : '\0';

    /// <summary>The index of the quote that ends the string starting at <paramref name="start"/>, or -1 (a newline or
    /// the end comes first).</summary>
    private static int QuotedEnd(string text, int start)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
                i++;
            else if (text[i] == '"')
                return i;
            else if (text[i] == '\n')
                return -1;
        }
        return -1;
    }

    /// <summary>The next character that is not a space or tab; a comment counts as the end of the line; '\0' at the
    /// end.</summary>
    private static char NextSignificant(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t' or '\r')
            i++;
        if (i >= text.Length)
            return '\0';
        if (text[i] == '#' || (text[i] == '/' && Next(text, i) == '/'))
            return '\n';
        return text[i];
    }

    [GeneratedRegex(@"\s*at position (\d+)\s*:?", RegexOptions.CultureInvariant)]
    private static partial Regex Position();
}
