using PortOne.Checkout.Features.Admin;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>The first owner's settings are checked at start, so a mistake stops the app instead of failing a sign-in.</summary>
public class AdminOptionsValidatorTests
{
    private static string? Failure(AdminOptions options) => new AdminOptionsValidator().Validate(null, options).FailureMessage;

    [Fact]
    public void A_hash_printed_by_hash_password_is_accepted()
    {
        Assert.Null(Failure(new AdminOptions { PasswordHash = AdminOptions.Hash("owner-password") }));
    }

    [Theory]
    [InlineData("owner-password")]
    [InlineData("$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")]
    public void Something_else_pasted_as_the_hash_is_refused_by_name(string notAHash)
    {
        Assert.Contains("Admin:PasswordHash", Failure(new AdminOptions { PasswordHash = notAHash }), StringComparison.Ordinal);
    }
}
