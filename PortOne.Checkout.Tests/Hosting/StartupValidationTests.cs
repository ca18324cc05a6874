using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>A broken configuration stops the app at start, with a message that names the setting.</summary>
public class StartupValidationTests
{
    private static string StartFailure(string environment, params (string Key, string Value)[] settings)
    {
        using var database = new TempDatabase();
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            foreach (var (key, value) in database.Settings.Select(s => (s.Key, s.Value!)).Concat(settings))
            {
                builder.UseSetting(key, value);
            }
        });
        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = failure as OptionsValidationException ?? failure.InnerException as OptionsValidationException
            ?? (failure as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
        return Assert.IsType<OptionsValidationException>(validation ?? throw new InvalidOperationException("unexpected start failure", failure)).Message;
    }

    [Fact]
    public void A_database_provider_the_app_does_not_know_refuses_to_start()
    {
        var message = StartFailure("Development", ("Database:Provider", "Oracle"));

        Assert.Contains("Database:Provider must be Sqlite or PostgreSQL", message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSQL_with_a_sqlite_connection_string_refuses_to_start()
    {
        var message = StartFailure("Development", ("Database:Provider", "PostgreSQL"), ("ConnectionStrings:Checkout", "Data Source=checkout.db"));

        Assert.Contains("ConnectionStrings:Checkout", message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_with_a_postgresql_connection_string_refuses_to_start_without_echoing_the_password()
    {
        var message = StartFailure("Development", ("Database:Provider", "Sqlite"),
            ("ConnectionStrings:Checkout", "Host=db.example;Database=checkout;Username=checkout;Password=hunter2-not-in-logs"));

        Assert.Contains("ConnectionStrings:Checkout is not a SQLite connection string", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_without_an_admin_password_refuses_to_start()
    {
        var message = StartFailure("Production", ("PortOne:AllowSandboxInProduction", "true"));

        Assert.Contains("Admin:PasswordHash", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sandbox_mode_in_production_refuses_to_start_unless_allowed()
    {
        var message = StartFailure("Production", ("Admin:Password", "x"));

        Assert.Contains("PortOne:AllowSandboxInProduction", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rate_limit_that_allows_nothing_is_refused()
    {
        var message = StartFailure("Development", ("RateLimits:Notices:PermitLimit", "0"));

        Assert.Contains("RateLimits", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_mode_without_keys_names_each_missing_setting()
    {
        var message = StartFailure("Development", ("PortOne:Mode", "Live"));

        Assert.Contains("PortOne:MerchantCode", message, StringComparison.Ordinal);
        Assert.Contains("PortOne:ApiKey", message, StringComparison.Ordinal);
        Assert.Contains("PortOne:ApiSecret", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_abandon_horizon_shorter_than_a_minute_is_refused()
    {
        var message = StartFailure("Development", ("Reconciliation:AbandonAfter", "00:00:30"));

        Assert.Contains("Reconciliation:AbandonAfter", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pg_other_than_tosspayments_is_refused()
    {
        var message = StartFailure("Development", ("PortOne:Pg", "kcp"));

        Assert.Contains("PortOne:Pg", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_channel_key_and_a_pg_together_are_refused_naming_both()
    {
        var message = StartFailure("Development", ("PortOne:Pg", "tosspayments"), ("PortOne:ChannelKey", "channel-key-9987cb87-6458-4888-b94e-68d9a2da896d"));

        Assert.Contains("PortOne:Pg and PortOne:ChannelKey are both set", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_billing_channel_key_and_a_billing_pg_together_are_refused_naming_both()
    {
        var message = StartFailure("Development", ("PortOne:BillingPg", "tosspayments.iamporttest_4"),
            ("PortOne:BillingChannelKey", "channel-key-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));

        Assert.Contains("PortOne:BillingPg and PortOne:BillingChannelKey are both set", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_channel_key_is_refused()
    {
        var message = StartFailure("Development", ("PortOne:ChannelKey", "<script>"));

        Assert.Contains("PortOne:ChannelKey", message, StringComparison.Ordinal);
    }
}
