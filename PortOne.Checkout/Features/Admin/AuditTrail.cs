using System.Security.Claims;
using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Admin;

/// <summary>
/// Who did what, when, to which order or account, and how it ended. Every staff action records one
/// entry; the order page shows an order's entries and owners search them all on the audit page.
/// Call <see cref="RecordAsync(ClaimsPrincipal, string, string?, string, string?, CancellationToken)"/>
/// with the signed-in user after the action ran.
/// </summary>
public sealed class AuditTrail(Db db, TimeProvider time)
{
    /// <summary>Records an action by a signed-in staff member.</summary>
    /// <param name="actor">The signed-in user (the page's or endpoint's <c>HttpContext.User</c>).</param>
    /// <param name="action">One of <see cref="AuditActions"/>.</param>
    /// <param name="target">The order's merchant_uid or the account's user name; null for actions on no single thing (an export).</param>
    /// <param name="result">One of <see cref="AuditResults"/>.</param>
    /// <param name="detail">What staff were told or what was asked (a filter, an amount); never a card, receipt or account number.</param>
    public Task RecordAsync(ClaimsPrincipal actor, string action, string? target, string result, string? detail = null, CancellationToken cancellationToken = default) =>
        RecordAsync(StaffClaims.StaffId(actor), actor.Identity?.Name ?? "?", action, target, result, detail, cancellationToken);

    /// <summary>Records an action by someone not (yet) signed in: a sign-in attempt under <paramref name="actorName"/>.</summary>
    public async Task RecordAsync(long? staffId, string actorName, string action, string? target, string result, string? detail = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO audit_log (at, staff_id, actor, action, target, result, detail)
            VALUES (@at, @staffId, @actor, @action, @target, @result, @detail);
            """, new
        {
            at = time.GetUtcNow().ToUnixTimeSeconds(), staffId, actor = Truncate(actorName, 64), action, target = Truncate(target, 64), result,
            detail = Truncate(detail, 500),
        });
    }

    /// <summary>An order's entries (or an account's), oldest first, for its timeline.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ForTargetAsync(string target, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>($"SELECT {Columns} FROM audit_log WHERE target = @target ORDER BY id;", new { target })).AsList();
    }

    /// <summary>The newest entries matching every filter given, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> SearchAsync(AuditFilter filter, int limit = 200, CancellationToken cancellationToken = default)
    {
        // The filter comes from the address. No name or action holds a control character, and PostgreSQL refuses
        // a NUL even as a parameter: such a filter matches nothing, on either provider.
        if (!SingleLine.Allows(filter.Actor) || !SingleLine.Allows(filter.Action))
        {
            return [];
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>($"""
            SELECT {Columns} FROM audit_log
            WHERE (@Actor IS NULL OR actor = @Actor COLLATE NOCASE)
              AND (@Action IS NULL OR action = @Action)
              AND (@From IS NULL OR at >= @From)
              AND (@Until IS NULL OR at < @Until)
            ORDER BY at DESC, id DESC
            LIMIT @limit;
            """, new { filter.Actor, filter.Action, filter.From, filter.Until, limit })).AsList();
    }

    private const string Columns = "id, at, staff_id, actor, action, target, result, detail";

    private static string? Truncate(string? text, int length) => text is { Length: var n } && n > length ? text[..length] : text;
}

/// <summary>The audit page's filter: each part null means any. <see cref="Until"/> is exclusive; times are unix seconds.</summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, long? From = null, long? Until = null);

public sealed class AuditEntry
{
    public long Id { get; init; }
    public long At { get; init; }
    public long? StaffId { get; init; }
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public string? Target { get; init; }
    public string Result { get; init; } = "";
    public string? Detail { get; init; }
}

/// <summary>What was done. Stored as is and shown through the resource key <c>Audit_{action}</c>.</summary>
public static class AuditActions
{
    public const string Recheck = "recheck";
    public const string Refund = "refund";
    public const string CashReceipt = "cash-receipt";
    public const string Export = "export";
    public const string SignIn = "sign-in";
    public const string SignOut = "sign-out";
    public const string StaffAdded = "staff-added";
    public const string StaffRole = "staff-role";
    public const string StaffPassword = "staff-password";
    public const string StaffDisabled = "staff-disabled";
    public const string StaffEnabled = "staff-enabled";

    public static readonly IReadOnlyList<string> All =
        [Recheck, Refund, CashReceipt, Export, SignIn, SignOut, StaffAdded, StaffRole, StaffPassword, StaffDisabled, StaffEnabled];
}

/// <summary>How an action ended.</summary>
public static class AuditResults
{
    /// <summary>The action ran; the detail says what staff were told (a refund PortOne refused is still "done").</summary>
    public const string Done = "done";

    /// <summary>It could not run: PortOne was unreachable, the password was wrong, the last owner would be locked out.</summary>
    public const string Failed = "failed";
}
