/** The local cloud's console beside the phone (filled in below). */
export {};
