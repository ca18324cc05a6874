using Microsoft.Data.Sqlite;

namespace PortOne.Checkout.Database;

public static class DatabaseModule
{
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString("Checkout");
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=checkout.db" : configured);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new InvalidOperationException("ConnectionStrings:Checkout must name a SQLite file (Data Source=...).");
        }
        // A relative file lives in the content root, not wherever the process happened to start.
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(environment.ContentRootPath, builder.DataSource);
        }
        services.AddSingleton(new Db(builder.ToString()));
        services.AddSingleton<Migrator>();
        return services;
    }

    /// <summary>Creates and migrates the database before the app takes its first request.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
    }
}
