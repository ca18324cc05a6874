using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PortOne.Checkout.Database;

public static class DatabaseModule
{
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure(options => options.ConnectionString = configuration.GetConnectionString("Checkout"))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var kind = DatabaseOptions.ParseProvider(options.Provider)!.Value;
            return new Db(kind, kind == DatabaseProvider.Sqlite
                ? SqliteInContentRoot(options.ConnectionString, environment)
                : options.ConnectionString!);
        });
        services.AddSingleton<Migrator>();
        return services;
    }

    /// <summary>Creates and migrates the database before the app takes its first request.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
    }

    private static string SqliteInContentRoot(string? configured, IHostEnvironment environment)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? DatabaseOptions.DefaultSqlite : configured);
        // A relative file lives in the content root, not wherever the process happened to start.
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(environment.ContentRootPath, builder.DataSource);
        }
        return builder.ToString();
    }
}

/// <summary><c>Database:Provider</c>, and <c>ConnectionStrings:Checkout</c> checked against it.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    internal const string DefaultSqlite = "Data Source=checkout.db";

    /// <summary><c>Sqlite</c> (the default: a file beside the app) or <c>PostgreSQL</c>.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>Copied from <c>ConnectionStrings:Checkout</c>, so it is validated together with the provider it must fit.</summary>
    public string? ConnectionString { get; set; }

    internal static DatabaseProvider? ParseProvider(string? name) =>
        Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var provider) && Enum.IsDefined(provider) && !int.TryParse(name, out _)
            ? provider
            : null;
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
        DatabaseOptions.ParseProvider(options.Provider) switch
        {
            null => ValidateOptionsResult.Fail(
                $"Database:Provider must be Sqlite or PostgreSQL (was '{options.Provider}')."),
            DatabaseProvider.PostgreSQL => ValidatePostgreSql(options.ConnectionString),
            _ => ValidateSqlite(options.ConnectionString),
        };

    private static ValidateOptionsResult ValidateSqlite(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return ValidateOptionsResult.Success; // checkout.db in the content root
        }
        try
        {
            return string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(connectionString).DataSource)
                ? ValidateOptionsResult.Fail("ConnectionStrings:Checkout must name a SQLite file (Data Source=...) when Database:Provider is Sqlite.")
                : ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(
                $"ConnectionStrings:Checkout is not a SQLite connection string ({ex.Message}); with Database:Provider Sqlite it names a file: Data Source=checkout.db.");
        }
    }

    private static ValidateOptionsResult ValidatePostgreSql(string? connectionString)
    {
        const string Example = "Host=db.example;Database=checkout;Username=checkout;Password=...";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return ValidateOptionsResult.Fail($"ConnectionStrings:Checkout is required when Database:Provider is PostgreSQL ({Example}).");
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host)
                ? ValidateOptionsResult.Fail($"ConnectionStrings:Checkout must name a PostgreSQL server (Host=...) when Database:Provider is PostgreSQL ({Example}).")
                : ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            // The message names the keyword, never the value: the string may hold a password.
            return ValidateOptionsResult.Fail(
                $"ConnectionStrings:Checkout is not a PostgreSQL connection string ({ex.Message}); with Database:Provider PostgreSQL use {Example}.");
        }
    }
}
