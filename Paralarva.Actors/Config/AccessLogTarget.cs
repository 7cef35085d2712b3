namespace Paralarva.Actors.Config;

public enum AccessLogTarget
{
    Off = 0,
    Stdout,
    File,
}
