; Inno Setup script: a per-user installer for the PyInstaller folder.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\img-crm.iss
;
; Run from the repository root after `pyinstaller packaging\img-crm.spec`
; (the release workflow does both and passes the version it read from
; img_crm\__init__.py). Per-user: no administrator prompt, installs under
; %LOCALAPPDATA%\Programs. The user's data (%LOCALAPPDATA%\img-crm) is never
; touched by install or uninstall.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\img-crm.iss
#endif

#define AppName "IMG CRM"
#define AppExe "img-crm.exe"
#define Root "..\.."

[Setup]
; A fixed AppId keeps upgrades and the uninstaller tied to one entry.
AppId={{6B0C5D3E-2F7A-4C1B-9E4D-8A1F3C5B7D20}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=img-crm developers
AppPublisherURL=https://github.com/img-crm/img-crm
DefaultDirName={autopf}\img-crm
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=img-crm-{#AppVersion}-setup
SetupIconFile={#Root}\build\icons\img-crm.ico
UninstallDisplayIcon={app}\{#AppExe}
LicenseFile={#Root}\LICENSE
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
; Reminders while it runs (Settings -> Reminders): start it when you sign in.
Name: "startatlogin"; Description: "Start {#AppName} when I sign in (for its reminders)"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\build\dist\img-crm\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon
Name: "{userstartup}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: startatlogin

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
