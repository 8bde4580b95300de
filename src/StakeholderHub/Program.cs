using StakeholderHub;

var builder = WebApplication.CreateBuilder(args);
builder.AddStakeholderHub();

var app = builder.Build();
app.MapStakeholderHub();
app.Run();

public partial class Program;
