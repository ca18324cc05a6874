namespace PortOne.Checkout.Database;

/// <summary>Which database holds the shop. SQLite needs nothing installed; PostgreSQL lets several app instances share one.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}
