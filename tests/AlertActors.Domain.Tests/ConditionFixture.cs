using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Rules.Conditions;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>The event the condition tests match against (every kind of data field) and builders for conditions on
/// it.</summary>
internal static class ConditionFixture
{
    public const string Data = """
        {"mac":"AA:BB:CC:DD:EE:FF","zone":"corp.example","count":25,"ratio":0.5,"port":"8080","trusted":false,
         "none":null,"tags":["Prod","dns",7],"nested":{"user":{"name":"alice"}},"empty":""}
        """;

    public static readonly InfraEvent Evt = Event(dataJson: Data, severity: Severity.High, summary: "Rogue MAC seen");

    public static FieldCondition Field(string field, string op, string? value = null, bool caseSensitive = true) =>
        FieldCondition.Create(
            field,
            Op(op),
            value is null ? ConditionValue.None : ConditionValue.Of(value),
            caseSensitive
        );

    public static FieldCondition FieldList(string field, string op, string[] values, bool caseSensitive = true) =>
        FieldCondition.Create(field, Op(op), ConditionValue.ListOf(values), caseSensitive);

    public static FieldOperator Op(string name) =>
        FieldOperatorNames.TryParse(name, out var op) ? op : throw new ArgumentException(name);

    public static readonly ICondition IsLease = Field("type", "eq", "dhcp.lease.rogue_mac");
    public static readonly ICondition IsDns = Field("type", "eq", "dns.mismatch");
    public static readonly ICondition IsAcme = Field("tenant", "eq", "acme");
}
