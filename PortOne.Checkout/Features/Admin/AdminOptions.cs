using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PortOne.Checkout.Features.Admin;

/// <summary>The <c>Admin</c> section: one staff password, plain (development) or hashed (production).</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Plain password; fine for a developer's machine, not for production.</summary>
    public string? Password { get; set; }

    /// <summary>An ASP.NET Core Identity v3 hash, printed by <c>dotnet run --project PortOne.Checkout -- hash-password</c>.</summary>
    public string? PasswordHash { get; set; }

    public bool Verify(string candidate)
    {
        if (!string.IsNullOrEmpty(PasswordHash))
        {
            return new PasswordHasher<AdminOptions>().VerifyHashedPassword(this, PasswordHash, candidate) != PasswordVerificationResult.Failed;
        }
        return !string.IsNullOrEmpty(Password) &&
               System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                   System.Text.Encoding.UTF8.GetBytes(Password), System.Text.Encoding.UTF8.GetBytes(candidate));
    }

    public static string Hash(string password) => new PasswordHasher<AdminOptions>().HashPassword(new AdminOptions(), password);
}

public sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
        string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.PasswordHash)
            ? ValidateOptionsResult.Fail("Set Admin:PasswordHash (or Admin:Password): the admin pages need a password.")
            : ValidateOptionsResult.Success;
}
