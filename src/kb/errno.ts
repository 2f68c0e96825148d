/**
 * @module kb/errno
 * One canonical errno name for every way an OS error is printed: Linux (glibc, musl), macOS/BSD and
 * Windows numbers, English texts and the translated texts users paste (facts: shared/kb-research/errno.md).
 */

export type OsFamily = 'linux' | 'macos' | 'windows'

interface ErrnoEntry {
  name: string
  linux: number
  macos: number
  windows: number[]
  /** Texts in any language; matched case-insensitively as substrings. */
  texts: string[]
}

/**
 * Order matters only for texts that contain each other: longer, more specific texts are matched first
 * (see `ERRNO_TEXTS` below, which is sorted by length).
 */
const ENTRIES: ErrnoEntry[] = [
  {
    name: 'EADDRNOTAVAIL',
    linux: 99,
    macos: 49,
    windows: [10049],
    texts: [
      'Cannot assign requested address',
      "Can't assign requested address",
      'Address not available',
      'The requested address is not valid in its context',
      'La dirección solicitada no es válida en este contexto',
      '在其上下文中，该请求的地址无效',
      '无法分配被请求的地址',
      '无法指定被请求的地址',
      '无法分配请求的地址',
      '要求アドレスに割り当てられません',
      'Die angeforderte Adresse kann nicht zugewiesen werden',
      "Ne peut attribuer l'adresse demandée",
      'No se puede asignar la dirección solicitada',
      'Невозможно назначить запрошенный адрес'
    ]
  },
  {
    name: 'EADDRINUSE',
    linux: 98,
    macos: 48,
    windows: [10048],
    texts: [
      'Address already in use',
      'Address in use',
      'Only one usage of each socket address',
      '通常每个套接字地址',
      '只允许使用一次',
      'Solo se permite un uso de cada dirección de socket',
      'Normalerweise darf jede Socketadresse',
      '地址已在使用',
      'アドレスは既に使用中です',
      'Die Adresse wird bereits verwendet',
      'Adresse déjà utilisée',
      'La dirección ya se está usando',
      'Адрес уже используется'
    ]
  },
  {
    name: 'ECONNREFUSED',
    linux: 111,
    macos: 61,
    windows: [10061],
    texts: [
      'Connection refused',
      'actively refused it',
      'target machine actively refused',
      '由于目标计算机积极拒绝',
      '连接被拒绝',
      '拒绝连接',
      'denegó expresamente dicha conexión',
      'конечный компьютер отверг запрос на подключение',
      'da der Zielcomputer die Verbindung verweigerte',
      '接続を拒否されました',
      'Verbindungsaufbau abgelehnt',
      'Connexion refusée',
      'Conexión rehusada',
      'В соединении отказано'
    ]
  },
  {
    name: 'ECONNRESET',
    linux: 104,
    macos: 54,
    windows: [10054],
    texts: [
      'Connection reset by peer',
      'An existing connection was forcibly closed by the remote host',
      '远程主机强迫关闭了一个现有的连接',
      '连接被对方重置',
      '连接被对方重设',
      '接続が相手からリセットされました',
      'Die Verbindung wurde vom Kommunikationspartner zurückgesetzt',
      'Connexion ré-initialisée par le correspondant',
      'Conexión reinicializada por la máquina remota',
      'Соединение разорвано другой стороной'
    ]
  },
  {
    name: 'ETIMEDOUT',
    linux: 110,
    macos: 60,
    windows: [10060],
    texts: [
      'Connection timed out',
      'Operation timed out',
      'i/o timeout',
      'connected party did not properly respond after a period of time',
      'remote party did not respond correctly after a period of time',
      '连接超时',
      '接続がタイムアウトしました',
      'Die Wartezeit für die Verbindung ist abgelaufen',
      "Connexion terminée par expiration du délai d'attente",
      'Expiró el tiempo de conexión',
      'Время ожидания соединения истекло'
    ]
  },
  {
    name: 'EHOSTUNREACH',
    linux: 113,
    macos: 65,
    windows: [10065],
    texts: [
      'No route to host',
      'Host is unreachable',
      'A socket operation was attempted to an unreachable host',
      '没有到主机的路由',
      'ホストへの経路がありません',
      'Keine Route zum Zielrechner',
      "Aucun chemin d'accès pour atteindre l'hôte cible",
      'No existe ninguna ruta hasta el',
      'Нет маршрута до узла'
    ]
  },
  {
    name: 'ENETUNREACH',
    linux: 101,
    macos: 51,
    windows: [10051],
    texts: [
      'Network is unreachable',
      'Network unreachable',
      'A socket operation was attempted to an unreachable network',
      '向一个无法连接的网络尝试了一个套接字操作',
      '网络不可达',
      'ネットワークに届きません',
      'Das Netzwerk ist nicht erreichbar',
      "Le réseau n'est pas accessible",
      'La red es inaccesible',
      'Сеть недоступна'
    ]
  },
  {
    name: 'EACCES',
    linux: 13,
    macos: 13,
    windows: [10013],
    texts: [
      'Permission denied',
      'An attempt was made to access a socket in a way forbidden by its access permissions',
      '以一种访问权限不允许的方式做了一个访问套接字的尝试',
      '权限不够',
      '許可がありません',
      'Keine Berechtigung',
      'Permission non accordée',
      'Permiso denegado',
      'Отказано в доступе'
    ]
  },
  {
    name: 'EPERM',
    linux: 1,
    macos: 1,
    windows: [],
    texts: [
      'Operation not permitted',
      '不允许的操作',
      '許可されていない操作です',
      'Die Operation ist nicht erlaubt',
      'Opération non permise',
      'Operación no permitida',
      'Операция не позволена'
    ]
  },
  {
    name: 'ENODEV',
    linux: 19,
    macos: 19,
    windows: [],
    texts: [
      'No such device',
      'Operation not supported by device',
      '没有那个设备',
      'そのようなデバイスはありません',
      'Kein passendes Gerät gefunden',
      'Aucun périphérique de ce type',
      'No existe el dispositivo',
      'Нет такого устройства'
    ]
  },
  {
    name: 'ENOENT',
    linux: 2,
    macos: 2,
    windows: [],
    texts: [
      'No such file or directory',
      'The system cannot find the file specified',
      '系统找不到指定的文件',
      '没有那个文件或目录',
      'そのようなファイルやディレクトリはありません',
      'Datei oder Verzeichnis nicht gefunden',
      'Aucun fichier ou dossier de ce',
      'No existe el fichero o el directorio',
      'Нет такого файла или каталога'
    ]
  },
  {
    name: 'EMFILE',
    linux: 24,
    macos: 24,
    windows: [10024],
    texts: [
      'Too many open files',
      'No file descriptors available',
      '打开的文件过多',
      'ファイルを開きすぎです',
      'Zu viele offene Dateien',
      'Trop de fichiers ouverts',
      'Demasiados ficheros abiertos',
      'Слишком много открытых файлов'
    ]
  },
  {
    name: 'ENOSPC',
    linux: 28,
    macos: 28,
    windows: [112],
    texts: [
      'No space left on device',
      'There is not enough space on the disk',
      '设备上没有空间',
      'デバイスに空き領域がありません',
      'Auf dem Gerät ist kein Speicherplatz mehr verfügbar',
      'Aucun espace disponible sur le périphérique',
      'No queda espacio en el dispositivo',
      'На устройстве не осталось свободного места'
    ]
  },
  {
    name: 'ENOMEM',
    linux: 12,
    macos: 12,
    windows: [],
    texts: [
      'Cannot allocate memory',
      'Out of memory',
      '无法分配内存',
      'メモリを確保できません',
      'Nicht genügend Hauptspeicher verfügbar',
      'Ne peut allouer de la mémoire',
      'No se pudo asignar memoria',
      'Невозможно выделить память'
    ]
  },
  {
    name: 'EPIPE',
    linux: 32,
    macos: 32,
    windows: [],
    texts: [
      'Broken pipe',
      '断开的管道',
      'Datenübergabe unterbrochen',
      'Relais brisé',
      'Tubería rota',
      'Обрыв канала'
    ]
  },
  {
    name: 'EINVAL',
    linux: 22,
    macos: 22,
    windows: [10022],
    texts: [
      'Invalid argument',
      'An invalid argument was supplied',
      '无效的参数',
      '無効な引数です',
      'Das Argument ist ungültig',
      'Argument invalide',
      'Argumento inválido',
      'Недопустимый аргумент'
    ]
  },
  {
    name: 'ENOBUFS',
    linux: 105,
    macos: 55,
    windows: [10055],
    texts: ['No buffer space available']
  },
  {
    name: 'EAFNOSUPPORT',
    linux: 97,
    macos: 47,
    windows: [10047],
    texts: ['Address family not supported by protocol']
  }
]

/** Canonical errno names the KB may use in `errno:` clues. */
export const ERRNO_NAMES: readonly string[] = ENTRIES.map((entry) => entry.name)

/** Linux errno numbers whose meaning differs on macOS: 48/49 are EADDRINUSE/EADDRNOTAVAIL there. */
const BY_NUMBER = new Map<
  number,
  { name: string; os: OsFamily | undefined }[]
>()
for (const entry of ENTRIES) {
  const add = (code: number, os: OsFamily | undefined): void => {
    const list = BY_NUMBER.get(code) ?? []
    if (!list.some((item) => item.name === entry.name))
      list.push({ name: entry.name, os })
    BY_NUMBER.set(code, list)
  }
  add(entry.linux, entry.linux === entry.macos ? undefined : 'linux')
  if (entry.macos !== entry.linux) add(entry.macos, 'macos')
  for (const code of entry.windows) add(code, 'windows')
}

/** Rust `std::io::ErrorKind` names that identify an errno by themselves. */
const BY_KIND: Record<string, string> = {
  AddrNotAvailable: 'EADDRNOTAVAIL',
  AddrInUse: 'EADDRINUSE',
  ConnectionRefused: 'ECONNREFUSED',
  ConnectionReset: 'ECONNRESET',
  TimedOut: 'ETIMEDOUT',
  HostUnreachable: 'EHOSTUNREACH',
  NetworkUnreachable: 'ENETUNREACH',
  PermissionDenied: 'EACCES',
  NotFound: 'ENOENT',
  StorageFull: 'ENOSPC',
  OutOfMemory: 'ENOMEM',
  BrokenPipe: 'EPIPE',
  InvalidInput: 'EINVAL'
}

/** Texts sorted longest first, lower-cased, with their errno. */
const ERRNO_TEXTS: { text: string; name: string }[] = ENTRIES.flatMap((entry) =>
  entry.texts.map((text) => ({ text: text.toLowerCase(), name: entry.name }))
).sort((a, b) => b.text.length - a.text.length)

/**
 * Map a printed error number to candidate errno names.
 * Numbers that mean different things on Linux and macOS (e.g. 48, 49) return every reading; the
 * caller picks with the text or the platform when it can.
 * @param code The number as printed.
 * @returns Candidates with the OS family each reading implies.
 */
export function errnoByNumber(
  code: number
): { name: string; os: OsFamily | undefined }[] {
  return BY_NUMBER.get(code) ?? []
}

/**
 * Map a Rust `ErrorKind` name to an errno.
 * @param kind e.g. `AddrInUse`.
 * @returns The errno name, or undefined for kinds that do not identify one (`Other`, `Uncategorized`).
 */
export function errnoByKind(kind: string): string | undefined {
  return BY_KIND[kind]
}

/**
 * Find the errno texts (in any language) a line contains.
 * @param line A log line, any case.
 * @returns Every errno whose text appears, longest text first, each errno once.
 */
export function errnoByText(line: string): { name: string; text: string }[] {
  const lower = line.toLowerCase()
  const found: { name: string; text: string }[] = []
  for (const entry of ERRNO_TEXTS) {
    if (
      lower.includes(entry.text) &&
      !found.some((item) => item.name === entry.name)
    ) {
      found.push({ name: entry.name, text: entry.text })
    }
  }
  return found
}

/**
 * Is this a known errno name?
 * @param name e.g. `EADDRINUSE`.
 * @returns Whether the KB may use it.
 */
export function isErrnoName(name: string): boolean {
  return ERRNO_NAMES.includes(name)
}
