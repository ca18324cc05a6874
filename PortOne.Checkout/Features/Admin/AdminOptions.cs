using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PortOne.Checkout.Features.Admin;

/// <summary>
/// The <c>Admin</c> section. The password (plain for development, hashed for production) belongs to the
/// first owner, <see cref="UserName"/>: at every start that account is created, or reset to this
/// password if it drifted, so a deployment that only ever set <c>Admin:PasswordHash</c> still signs in.
/// Everyone else gets an account from an owner on the staff page.
/// </summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>The first owner's user name.</summary>
    [Required, StringLength(64)]
    public string UserName { get; set; } = "admin";

    /// <summary>Plain password; fine for a developer's machine, not for production.</summary>
    public string? Password { get; set; }

    /// <summary>An ASP.NET Core Identity v3 hash, printed by <c>dotnet run --project PortOne.Checkout -- hash-password</c>.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>How many sign-in attempts a client address, and separately a user name, may make.</summary>
    public SignInLimits SignInLimits { get; set; } = new();

    public static string Hash(string password) => new PasswordHasher<AdminOptions>().HashPassword(new AdminOptions(), password);
}

/// <summary>
/// Two windows: a short one stops a burst, a long one makes repeated bursts wait longer (after four
/// bursts of five, the next attempt waits for the hour to end). Counted per client address and per
/// user name, so neither many names from one address nor one name from many addresses gets far.
/// </summary>
public sealed class SignInLimits
{
    [Range(1, int.MaxValue)]
    public int Attempts { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, int.MaxValue)]
    public int LongAttempts { get; set; } = 20;

    public TimeSpan LongWindow { get; set; } = TimeSpan.FromHours(1);
}

public sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        if (string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.PasswordHash))
        {
            return ValidateOptionsResult.Fail("Set Admin:PasswordHash (or Admin:Password): the first owner's password, for the account Admin:UserName.");
        }
        if (options.PasswordHash is { Length: > 0 } hash && !IsIdentityHash(hash))
        {
            return ValidateOptionsResult.Fail("Admin:PasswordHash is not a hash printed by hash-password (an ASP.NET Core Identity hash in base64).");
        }
        return options.SignInLimits.Window <= TimeSpan.Zero || options.SignInLimits.LongWindow <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail("Admin:SignInLimits:Window and LongWindow must be positive.")
            : ValidateOptionsResult.Success;
    }

    // Caught here, a pasted-wrong hash stops the app with its name; caught at sign-in, it would be a 500.
    private static bool IsIdentityHash(string hash)
    {
        var bytes = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length > 13 && bytes[0] is 0x00 or 0x01;
    }
}
