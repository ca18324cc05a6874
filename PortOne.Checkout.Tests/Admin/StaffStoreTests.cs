using Microsoft.Extensions.Logging.Abstractions;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>The rules on accounts themselves, over a database of their own: one configured owner, never zero owners.</summary>
public sealed class StaffStoreTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private StaffStore _store = null!;

    private Db _db = null!;

    public async Task InitializeAsync()
    {
        var db = _db = _database.NewDb();
        await new Migrator(db, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync();
        _store = new StaffStore(db, TimeProvider.System);
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    private static AdminOptions Configured(string password) => new() { UserName = "admin", Password = password };

    private async Task<StaffMember> AdminAsync() => (await _store.ListAsync()).Single(s => s.UserName == "admin");

    [Fact]
    public async Task The_configured_password_creates_the_first_owner()
    {
        await _store.EnsureOwnerAsync("admin", Configured("first-password"));

        var owner = await _store.VerifyAsync("admin", "first-password");

        Assert.Equal(StaffRoles.Owner, owner?.Role);
        Assert.Null(await _store.VerifyAsync("admin", "other-password"));
    }

    [Fact]
    public async Task A_configured_hash_signs_in_with_its_password()
    {
        await _store.EnsureOwnerAsync("admin", new AdminOptions { UserName = "admin", PasswordHash = AdminOptions.Hash("hashed-password") });

        Assert.NotNull(await _store.VerifyAsync("ADMIN", "hashed-password"));
    }

    [Fact]
    public async Task A_restart_with_the_same_password_keeps_the_owners_sessions()
    {
        await _store.EnsureOwnerAsync("admin", Configured("first-password"));
        var session = await _store.StartSessionAsync((await AdminAsync()).Id);

        await _store.EnsureOwnerAsync("admin", Configured("first-password"));

        Assert.NotNull(await _store.FindSessionAsync(session));
    }

    [Fact]
    public async Task A_new_configured_password_resets_a_demoted_or_disabled_first_owner_and_ends_its_sessions()
    {
        await _store.EnsureOwnerAsync("admin", Configured("first-password"));
        var other = (await _store.AddAsync("other-owner", "other-password-1", StaffRoles.Owner))!;
        var admin = await AdminAsync();
        var session = await _store.StartSessionAsync(admin.Id);
        Assert.True(await _store.SetRoleAsync(admin.Id, StaffRoles.Viewer));
        Assert.True(await _store.DisableAsync(admin.Id));

        await _store.EnsureOwnerAsync("admin", Configured("second-password"));

        Assert.Equal(StaffRoles.Owner, (await _store.VerifyAsync("admin", "second-password"))?.Role);
        Assert.Null(await _store.VerifyAsync("admin", "first-password"));
        Assert.Null(await _store.FindSessionAsync(session));
        Assert.NotNull(await _store.VerifyAsync(other.UserName, "other-password-1"));
    }

    [Fact]
    public async Task The_last_enabled_owner_can_be_neither_demoted_nor_disabled()
    {
        await _store.EnsureOwnerAsync("admin", Configured("first-password"));
        var admin = await AdminAsync();
        var disabledOwner = (await _store.AddAsync("gone-owner", "gone-password-1", StaffRoles.Owner))!;
        Assert.True(await _store.DisableAsync(disabledOwner.Id));

        Assert.False(await _store.SetRoleAsync(admin.Id, StaffRoles.Staff));
        Assert.False(await _store.DisableAsync(admin.Id));
        Assert.Equal((StaffRoles.Owner, true), ((await AdminAsync()).Role, (await AdminAsync()).IsEnabled));

        Assert.True(await _store.EnableAsync(disabledOwner.Id));
        Assert.True(await _store.SetRoleAsync(admin.Id, StaffRoles.Staff));
    }

    [Fact]
    public async Task Two_owners_demoting_each_other_at_once_leave_one_owner()
    {
        await _store.EnsureOwnerAsync("admin", Configured("first-password"));
        var admin = await AdminAsync();
        var other = (await _store.AddAsync("other-owner", "other-password-1", StaffRoles.Owner))!;

        var results = await Task.WhenAll(_store.SetRoleAsync(admin.Id, StaffRoles.Viewer), _store.SetRoleAsync(other.Id, StaffRoles.Viewer));

        Assert.Single(results, changed => changed);
        Assert.Single(await _store.ListAsync(), s => s.Role == StaffRoles.Owner);
    }

    [Fact]
    public async Task User_names_are_unique_without_regard_to_case()
    {
        Assert.NotNull(await _store.AddAsync("Kim", "kim-password-1", StaffRoles.Staff));

        Assert.Null(await _store.AddAsync("kim", "kim-password-2", StaffRoles.Viewer));
    }

    [Fact]
    public async Task A_principal_is_current_only_while_its_session_lives_and_its_role_holds()
    {
        var member = (await _store.AddAsync("kim", "kim-password-1", StaffRoles.Staff))!;
        var first = StaffClaims.For(member, await _store.StartSessionAsync(member.Id));
        var second = StaffClaims.For(member, await _store.StartSessionAsync(member.Id));
        Assert.True(await StaffSessions.IsCurrentAsync(_store, first, default));

        await _store.EndSessionAsync(first.FindFirst(StaffClaims.SessionId)!.Value);
        var forged = StaffClaims.For(new StaffMember { Id = member.Id, UserName = "kim", Role = StaffRoles.Owner }, second.FindFirst(StaffClaims.SessionId)!.Value);

        Assert.Equal((false, true, false), (
            await StaffSessions.IsCurrentAsync(_store, first, default),
            await StaffSessions.IsCurrentAsync(_store, second, default),
            await StaffSessions.IsCurrentAsync(_store, forged, default)));
    }

    [Fact]
    public async Task The_database_keeps_no_session_id_a_cookie_could_carry()
    {
        var member = (await _store.AddAsync("kim", "kim-password-1", StaffRoles.Staff))!;

        var sessionId = await _store.StartSessionAsync(member.Id);

        await using var connection = await _db.OpenAsync();
        var stored = Assert.Single(await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT id FROM staff_sessions;"));
        Assert.NotEqual(sessionId, stored, StringComparer.OrdinalIgnoreCase);
        Assert.NotNull(await _store.FindSessionAsync(sessionId));
    }
}
