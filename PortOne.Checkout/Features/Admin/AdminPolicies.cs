namespace PortOne.Checkout.Features.Admin;

/// <summary>
/// What a staff member may do, by role: owners manage staff and read the audit trail, staff also
/// refund and issue receipts, viewers only read. Pages and endpoints name a policy, never a role.
/// </summary>
public static class AdminPolicies
{
    /// <summary>See orders, the dashboard and their timelines.</summary>
    public const string Read = "admin-read";

    /// <summary>Change money or data: refunds, cash receipts, re-checks, exports.</summary>
    public const string Act = "admin-act";

    /// <summary>Manage staff accounts and read the audit trail.</summary>
    public const string Own = "admin-own";

    /// <summary>
    /// For a page whose every form acts (the order page): reading it needs <see cref="Read"/>, posting
    /// to it needs <see cref="Act"/>. Checked by the authorization middleware before any form handler
    /// runs, so a viewer's crafted post gets 403 whichever form it names.
    /// </summary>
    public const string ReadAndActOnPost = "admin-read-act-on-post";
}

/// <summary>The roles a staff account can have, as stored and as carried in the sign-in cookie.</summary>
public static class StaffRoles
{
    public const string Owner = "owner";
    public const string Staff = "staff";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Owner, Staff, Viewer];
}
