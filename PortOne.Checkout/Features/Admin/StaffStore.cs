using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Identity;
using PortOne.Checkout.Database;

namespace PortOne.Checkout.Features.Admin;

/// <summary>
/// Staff accounts and their signed-in sessions. Every change that takes rights away (disable, new
/// password, new role) deletes the person's sessions in the same transaction, so no browser keeps
/// rights its owner no longer has.
/// </summary>
public sealed class StaffStore(Db db, TimeProvider time)
{
    /// <summary>How long a sign-in lasts at most, however active the browser is: one working day.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    private static readonly PasswordHasher<StaffMember> Hasher = new();

    // Checked against when the name is unknown, so that answer takes as long as a wrong password. Made on
    // the first such sign-in, not when the first-owner check at start touches this type: one key
    // derivation (tens of ms of CPU) less between a process start and its first shopper.
    private static readonly Lazy<string> DummyHash = new(() => HashPassword(Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));

    private const string Columns = "id, user_name, role, disabled_at, created_at, updated_at";

    public static string HashPassword(string password) => Hasher.HashPassword(null!, password);

    public async Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<StaffMember>($"SELECT {Columns} FROM staff ORDER BY user_name;")).AsList();
    }

    public async Task<StaffMember?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StaffMember>($"SELECT {Columns} FROM staff WHERE id = @id;", new { id });
    }

    /// <summary>The enabled account whose password matches, or null. A wrong name costs a hash too, so timing does not tell which names exist.</summary>
    public async Task<StaffMember?> VerifyAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Credentials>(
            "SELECT id, password_hash, role, disabled_at FROM staff WHERE user_name = @userName AND disabled_at IS NULL;", new { userName });
        var verified = Hasher.VerifyHashedPassword(null!, row?.PasswordHash ?? DummyHash.Value, password) != PasswordVerificationResult.Failed;
        return row is not null && verified ? await FindAsync(row.Id, cancellationToken) : null;
    }

    /// <summary>Adds an account; null when the user name is taken (names compare without case).</summary>
    public async Task<StaffMember?> AddAsync(string userName, string password, string role, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long?>("""
            INSERT INTO staff (user_name, password_hash, role, created_at, updated_at)
            VALUES (@userName, @hash, @role, @now, @now)
            ON CONFLICT (user_name) DO NOTHING
            RETURNING id;
            """, new { userName, hash = HashPassword(password), role, now });
        return id is null ? null : await FindAsync(id.Value, cancellationToken);
    }

    /// <summary>
    /// Makes sure the account named in configuration exists, is an enabled owner and signs in with the
    /// configured password. Leaves it (and its sessions) alone when all of that is already true, so a
    /// restart does not sign anyone out.
    /// </summary>
    public async Task EnsureOwnerAsync(string userName, AdminOptions options, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Instances starting together must not both find no owner and both insert one.
        await db.SerializeAsync(transaction, OwnersLock, cancellationToken);
        var existing = await connection.QuerySingleOrDefaultAsync<Credentials>(
            "SELECT id, password_hash, role, disabled_at FROM staff WHERE user_name = @userName;", new { userName }, transaction);
        if (existing is null)
        {
            await connection.ExecuteAsync("""
                INSERT INTO staff (user_name, password_hash, role, created_at, updated_at)
                VALUES (@userName, @hash, 'owner', @now, @now);
                """, new { userName, hash = options.PasswordHash is { Length: > 0 } hash ? hash : HashPassword(options.Password!), now }, transaction);
        }
        else
        {
            var (id, storedHash) = (existing.Id, existing.PasswordHash);
            var passwordCurrent = options.PasswordHash is { Length: > 0 } configured
                ? storedHash == configured
                : Hasher.VerifyHashedPassword(null!, storedHash, options.Password!) != PasswordVerificationResult.Failed;
            if (passwordCurrent && existing.Role == StaffRoles.Owner && existing.DisabledAt is null)
            {
                return;
            }
            await connection.ExecuteAsync("""
                UPDATE staff SET password_hash = @hash, role = 'owner', disabled_at = NULL, updated_at = @now WHERE id = @id;
                """, new { id, hash = passwordCurrent ? storedHash : options.PasswordHash is { Length: > 0 } h ? h : HashPassword(options.Password!), now }, transaction);
            await connection.ExecuteAsync(DeleteSessionsSql, new { id }, transaction);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Changes a role. Refused (false) when it would leave no enabled owner: somebody must always be
    /// able to manage staff.
    /// </summary>
    public Task<bool> SetRoleAsync(long id, string role, CancellationToken cancellationToken = default) =>
        ChangeAsync($"""
            UPDATE staff SET role = @role, updated_at = @now
            WHERE id = @id AND (@role = 'owner' OR {AnotherEnabledOwner});
            """, new { id, role }, cancellationToken);

    public Task<bool> SetPasswordAsync(long id, string password, CancellationToken cancellationToken = default) =>
        ChangeAsync("UPDATE staff SET password_hash = @hash, updated_at = @now WHERE id = @id;", new { id, hash = HashPassword(password) }, cancellationToken);

    /// <summary>Disables an account; refused (false) for the last enabled owner.</summary>
    public Task<bool> DisableAsync(long id, CancellationToken cancellationToken = default) =>
        ChangeAsync($"""
            UPDATE staff SET disabled_at = @now, updated_at = @now
            WHERE id = @id AND disabled_at IS NULL AND {AnotherEnabledOwner};
            """, new { id }, cancellationToken);

    public async Task<bool> EnableAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE staff SET disabled_at = NULL, updated_at = @now WHERE id = @id AND disabled_at IS NOT NULL;",
            new { id, now = time.GetUtcNow().ToUnixTimeSeconds() }) == 1;
    }

    // True when the account is not an enabled owner, or when another enabled owner remains. Checked
    // inside the UPDATE itself, and changes queue on OwnersLock, so two owners demoting each other at
    // once cannot both succeed (each UPDATE writes a different row: only the queue keeps the second
    // from deciding on what it read before the first committed).
    private const string AnotherEnabledOwner = """
        (role <> 'owner' OR disabled_at IS NOT NULL
         OR EXISTS (SELECT 1 FROM staff other WHERE other.id <> staff.id AND other.role = 'owner' AND other.disabled_at IS NULL))
        """;

    private const string OwnersLock = "staff owners";

    private const string DeleteSessionsSql = "DELETE FROM staff_sessions WHERE staff_id = @id;";

    private async Task<bool> ChangeAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var arguments = new DynamicParameters(parameters);
        arguments.Add("now", time.GetUtcNow().ToUnixTimeSeconds());
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await db.SerializeAsync(transaction, OwnersLock, cancellationToken);
        if (await connection.ExecuteAsync(sql, arguments, transaction) != 1)
        {
            return false;
        }
        await connection.ExecuteAsync(DeleteSessionsSql, arguments, transaction);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Starts a session and returns its id, 256 random bits: the only thing the cookie needs to carry.</summary>
    public async Task<string> StartSessionAsync(long staffId, CancellationToken cancellationToken = default)
    {
        var sessionId = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var id = Stored(sessionId);
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO staff_sessions (id, staff_id, created_at, expires_at) VALUES (@id, @staffId, @createdAt, @expiresAt);
            DELETE FROM staff_sessions WHERE expires_at <= @createdAt;
            """, new { id, staffId, createdAt = now.ToUnixTimeSeconds(), expiresAt = (now + SessionLifetime).ToUnixTimeSeconds() });
        return sessionId;
    }

    // The table keeps a hash of the id: a copy of the database (a backup) holds no live session.
    private static string Stored(string sessionId) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(sessionId)));

    /// <summary>The account behind a live session of an enabled account, or null when the session was ended, expired or its account disabled.</summary>
    public async Task<StaffMember?> FindSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StaffMember>("""
            SELECT s.id, s.user_name, s.role, s.disabled_at, s.created_at, s.updated_at
            FROM staff_sessions session JOIN staff s ON s.id = session.staff_id
            WHERE session.id = @sessionId AND session.expires_at > @now AND s.disabled_at IS NULL;
            """, new { sessionId = Stored(sessionId), now = time.GetUtcNow().ToUnixTimeSeconds() });
    }

    public async Task EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM staff_sessions WHERE id = @sessionId;", new { sessionId = Stored(sessionId) });
    }

    private sealed class Credentials
    {
        public long Id { get; init; }
        public string PasswordHash { get; init; } = "";
        public string Role { get; init; } = "";
        public long? DisabledAt { get; init; }
    }
}

public sealed class StaffMember
{
    public long Id { get; init; }
    public string UserName { get; init; } = "";
    public string Role { get; init; } = "";
    public long? DisabledAt { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }

    public bool IsEnabled => DisabledAt is null;
}
