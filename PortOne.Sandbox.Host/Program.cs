using PortOne.Sandbox;

// The PortOne V1 sandbox as its own process, so one or more app instances in Live mode share one PortOne
// as they do in production. Routes stay under /sandbox, as when the app maps it, so an app only changes
// its base URL. Settings: appsettings.json, section PortOne:Sandbox.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddPortOneSandbox(builder.Configuration);

// iamport.js runs on the app's pages and asks this host to open the window: those origins may call it.
var appOrigins = builder.Configuration.GetSection("PortOne:Sandbox:AppOrigins").Get<string[]>() ?? [];
builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.WithOrigins(appOrigins).AllowAnyHeader().WithMethods("GET", "POST")));

var app = builder.Build();
app.UseCors();
app.MapPortOneSandbox();
app.Run();
