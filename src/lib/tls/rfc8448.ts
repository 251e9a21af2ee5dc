/**
 * RFC 8448, "Example Handshake Traces for TLS 1.3", section 3 "Simple 1-RTT Handshake": the values it
 * prints, as hex, for the pinned-key mode and for known-answer tests. These are facts copied from the
 * RFC (https://www.rfc-editor.org/rfc/rfc8448#section-3), checked against copies of its text embedded in
 * other TLS libraries' tests and against each other (the secrets chain, and the records only decrypt
 * with the right keys). Spaces and line breaks are as the RFC prints them and mean nothing: read the
 * strings with `fromHex`. The suite is TLS_AES_128_GCM_SHA256, so every secret is 32 bytes.
 */

/** "{client} create an ephemeral x25519 key pair" and the server's, and ECDH of the two. */
export const x25519 = {
	clientPrivateKey: `49 af 42 ba 7f 79 94 85 2d 71 3e f2 78 4b cb ca a7 91 1d e2 6a dc 56 42 cb 63 45 40 e7 ea 50 05`,
	clientPublicKey: `99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae 4d 54 13 69 1e 52 9a af 2c`,
	serverPrivateKey: `b1 58 0e ea df 6d d5 89 b8 ef 4f 2d 56 52 57 8c c8 10 e9 98 01 91 ec 8d 05 83 08 ce a2 16 a2 1e`,
	serverPublicKey: `c9 82 88 76 11 20 95 fe 66 76 2b db f7 c6 72 e1 56 d6 cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f`,
	/** The IKM of "{server} extract secret "handshake"". */
	sharedSecret: `8b d4 05 4f b5 5b 9d 63 fd fb ac f9 f0 4b 9f 0d 35 e6 d6 3f 53 75 63 ef d4 62 72 90 0f 89 49 2d`
} as const;

/** The 32-byte randoms, as they stand in the ClientHello and ServerHello below. */
export const randoms = {
	client: `cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef 62 83 02 4d ec e7`,
	server: `a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95 93 0c 8a c5 cb 14 34 da c1 55 77 2e d3 e2 69 28`
} as const;

/** The handshake messages, each with its 4-byte handshake header, as the transcript hashes them. */
export const messages = {
	clientHello: `01 00 00 c0 03 03 cb 34 ec b1 e7 81 63
      ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef 62 83
      02 4d ec e7 00 00 06 13 01 13 03 13 02 01 00 00 91 00 00 00 0b
      00 09 00 00 06 73 65 72 76 65 72 ff 01 00 01 00 00 0a 00 14 00
      12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 23
      00 00 00 33 00 26 00 24 00 1d 00 20 99 38 1d e5 60 e4 bd 43 d2
      3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae 4d 54 13 69 1e 52 9a
      af 2c 00 2b 00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03
      02 03 08 04 08 05 08 06 04 01 05 01 06 01 02 01 04 02 05 02 06
      02 02 02 00 2d 00 02 01 01 00 1c 00 02 40 01`,
	serverHello: `02 00 00 56 03 03 a6 af 06 a4 12 18 60
      dc 5e 6e 60 24 9c d3 4c 95 93 0c 8a c5 cb 14 34 da c1 55 77 2e
      d3 e2 69 28 00 13 01 00 00 2e 00 33 00 24 00 1d 00 20 c9 82 88
      76 11 20 95 fe 66 76 2b db f7 c6 72 e1 56 d6 cc 25 3b 83 3d f1
      dd 69 b1 b0 4e 75 1f 0f 00 2b 00 02 03 04`,
	encryptedExtensions: `08 00 00 24 00 22 00 0a 00 14 00
      12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 1c
      00 02 40 01 00 00 00 00`,
	certificate: `0b 00 01 b9 00 00 01 b5 00 01 b0 30 82
      01 ac 30 82 01 15 a0 03 02 01 02 02 01 02 30 0d 06 09 2a 86 48
      86 f7 0d 01 01 0b 05 00 30 0e 31 0c 30 0a 06 03 55 04 03 13 03
      72 73 61 30 1e 17 0d 31 36 30 37 33 30 30 31 32 33 35 39 5a 17
      0d 32 36 30 37 33 30 30 31 32 33 35 39 5a 30 0e 31 0c 30 0a 06
      03 55 04 03 13 03 72 73 61 30 81 9f 30 0d 06 09 2a 86 48 86 f7
      0d 01 01 01 05 00 03 81 8d 00 30 81 89 02 81 81 00 b4 bb 49 8f
      82 79 30 3d 98 08 36 39 9b 36 c6 98 8c 0c 68 de 55 e1 bd b8 26
      d3 90 1a 24 61 ea fd 2d e4 9a 91 d0 15 ab bc 9a 95 13 7a ce 6c
      1a f1 9e aa 6a f9 8c 7c ed 43 12 09 98 e1 87 a8 0e e0 cc b0 52
      4b 1b 01 8c 3e 0b 63 26 4d 44 9a 6d 38 e2 2a 5f da 43 08 46 74
      80 30 53 0e f0 46 1c 8c a9 d9 ef bf ae 8e a6 d1 d0 3e 2b d1 93
      ef f0 ab 9a 80 02 c4 74 28 a6 d3 5a 8d 88 d7 9f 7f 1e 3f 02 03
      01 00 01 a3 1a 30 18 30 09 06 03 55 1d 13 04 02 30 00 30 0b 06
      03 55 1d 0f 04 04 03 02 05 a0 30 0d 06 09 2a 86 48 86 f7 0d 01
      01 0b 05 00 03 81 81 00 85 aa d2 a0 e5 b9 27 6b 90 8c 65 f7 3a
      72 67 17 06 18 a5 4c 5f 8a 7b 33 7d 2d f7 a5 94 36 54 17 f2 ea
      e8 f8 a5 8c 8f 81 72 f9 31 9c f3 6b 7f d6 c5 5b 80 f2 1a 03 01
      51 56 72 60 96 fd 33 5e 5e 67 f2 db f1 02 70 2e 60 8c ca e6 be
      c1 fc 63 a4 2a 99 be 5c 3e b7 10 7c 3c 54 e9 b9 eb 2b d5 20 3b
      1c 3b 84 e0 a8 b2 f7 59 40 9b a3 ea c9 d9 1d 40 2d cc 0c c8 f8
      96 12 29 ac 91 87 b4 2b 4d e1 00 00`,
	certificateVerify: `0f 00 00 84 08 04 00 80 5a 74 7c
      5d 88 fa 9b d2 e5 5a b0 85 a6 10 15 b7 21 1f 82 4c d4 84 14 5a
      b3 ff 52 f1 fd a8 47 7b 0b 7a bc 90 db 78 e2 d3 3a 5c 14 1a 07
      86 53 fa 6b ef 78 0c 5e a2 48 ee aa a7 85 c4 f3 94 ca b6 d3 0b
      be 8d 48 59 ee 51 1f 60 29 57 b1 54 11 ac 02 76 71 45 9e 46 44
      5c 9e a5 8c 18 1e 81 8e 95 b8 c3 fb 0b f3 27 84 09 d3 be 15 2a
      3d a5 04 3e 06 3d da 65 cd f5 ae a2 0d 53 df ac d4 2f 74 f3`,
	serverFinished: `14 00 00 20 9b 9b 14 1d 90 63 37 fb d2 cb
      dc e7 1d f4 de da 4a b4 2c 30 95 72 cb 7f ff ee 54 54 b7 8f 07
      18`,
	clientFinished: `14 00 00 20 a8 ec 43 6d 67 76 34 ae 52 5a
      c1 fc eb e1 1a 03 9e c1 76 94 fa c6 e9 85 27 b6 42 f2 ed d5 ce
      61`,
	/** Sent after the handshake, under the server's application keys; not part of the transcript above. */
	newSessionTicket: `04 00 00 c9 00 00 00 1e fa d6 aa
      c5 02 00 00 00 b2 2c 03 5d 82 93 59 ee 5f f7 af 4e c9 00 00 00
      00 26 2a 64 94 dc 48 6d 2c 8a 34 cb 33 fa 90 bf 1b 00 70 ad 3c
      49 88 83 c9 36 7c 09 a2 be 78 5a bc 55 cd 22 60 97 a3 a9 82 11
      72 83 f8 2a 03 a1 43 ef d3 ff 5d d3 6d 64 e8 61 be 7f d6 1d 28
      27 db 27 9c ce 14 50 77 d4 54 a3 66 4d 4e 6d a4 d2 9e e0 37 25
      a6 a4 da fc d0 fc 67 d2 ae a7 05 29 51 3e 3d a2 67 7f a5 90 6c
      5b 3f 7d 8f 92 f2 28 bd a4 0d da 72 14 70 f9 fb f2 97 b5 ae a6
      17 64 6f ac 5c 03 27 2e 97 07 27 c6 21 a7 91 41 ef 5f 7d e6 50
      5e 5b fb c3 88 e9 33 43 69 40 93 93 4a e4 d3 57 00 08 00 2a 00
      04 00 00 04 00`
} as const;

/** The "hash" lines the RFC prints beside each Derive-Secret. */
export const transcriptHashes = {
	empty: `e3 b0 c4 42 98 fc 1c 14 9a fb f4 c8 99 6f b9 24 27 ae 41 e4 64 9b 93 4c a4 95 99 1b 78 52 b8 55`,
	clientHelloToServerHello: `86 0c 06 ed c0 78 58 ee 8e 78 f0 e7 42 8c 58 ed d6 b4 3f 2c a3 e6 e9 5f 02 ed 06 3c f0 e1 ca d8`,
	clientHelloToServerFinished: `96 08 10 2a 0f 1c cc 6d b6 25 0b 7b 7e 41 7b 1a 00 0e aa da 3d aa e4 77 7a 76 86 c9 ff 83 df 13`,
	clientHelloToClientFinished: `20 91 45 a9 6e e8 e2 a1 22 ff 81 00 47 cc 95 26 84 65 8d 60 49 e8 64 29 42 6d b8 7c 54 ad 14 3d`
} as const;

/** Every secret section 3 prints, in the order of RFC 8446 section 7.1. */
export const secrets = {
	early: `33 ad 0a 1c 60 7e c0 3b 09 e6 cd 98 93 68 0c e2 10 ad f3 00 aa 1f 26 60 e1 b2 2e 10 f1 70 f9 2a`,
	derivedForHandshake: `6f 26 15 a1 08 c7 02 c5 67 8f 54 fc 9d ba b6 97 16 c0 76 18 9c 48 25 0c eb ea c3 57 6c 36 11 ba`,
	handshake: `1d c8 26 e9 36 06 aa 6f dc 0a ad c1 2f 74 1b 01 04 6a a6 b9 9f 69 1e d2 21 a9 f0 ca 04 3f be ac`,
	clientHandshakeTraffic: `b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21`,
	serverHandshakeTraffic: `b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38`,
	derivedForMaster: `43 de 77 e0 c7 77 13 85 9a 94 4d b9 db 25 90 b5 31 90 a6 5b 3e e2 e4 f1 2d d7 a0 bb 7c e2 54 b4`,
	master: `18 df 06 84 3d 13 a0 8b f2 a4 49 84 4c 5f 8a 47 80 01 bc 4d 4c 62 79 84 d5 a4 1d a8 d0 40 29 19`,
	clientApplicationTraffic0: `9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52 87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5`,
	serverApplicationTraffic0: `a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32 82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43`,
	exporterMaster: `fe 22 f8 81 17 6e da 18 eb 8f 44 52 9e 67 92 c5 0c 9a 3f 89 45 2f 68 d8 ae 31 1b 43 09 d3 cf 50`,
	resumptionMaster: `7d f2 35 f2 03 1d 2a 05 12 87 d0 2b 02 41 b0 bf da f8 6c c8 56 23 1f 2d 5a ba 46 c4 34 ec 19 6c`
} as const;

/** Some of the "info" lines: the HkdfLabel bytes HKDF-Expand-Label builds. */
export const hkdfLabels = {
	/** Derive-Secret(., "derived", ""), the context being the hash of the empty string. */
	derived: `00 20 0d 74 6c 73 31 33 20 64 65 72 69 76 65 64
      20 e3 b0 c4 42 98 fc 1c 14 9a fb f4 c8 99 6f b9 24 27 ae 41 e4
      64 9b 93 4c a4 95 99 1b 78 52 b8 55`,
	clientHandshakeTraffic: `00 20 12 74 6c 73 31 33 20 63 20 68 73 20 74 72
      61 66 66 69 63 20 86 0c 06 ed c0 78 58 ee 8e 78 f0 e7 42 8c 58
      ed d6 b4 3f 2c a3 e6 e9 5f 02 ed 06 3c f0 e1 ca d8`,
	key: `00 10 09 74 6c 73 31 33 20 6b 65 79 00`,
	iv: `00 0c 08 74 6c 73 31 33 20 69 76 00`,
	finished: `00 20 0e 74 6c 73 31 33 20 66 69 6e 69 73 68 65 64 00`
} as const;

/** "derive write/read traffic keys": AES-128-GCM keys and IVs per direction and stage. */
export const trafficKeys = {
	serverHandshake: { key: `3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc`, iv: `5d 31 3e b2 67 12 76 ee 13 00 0b 30` },
	clientHandshake: { key: `db fa a6 93 d1 76 2c 5b 66 6a f5 d9 50 25 8d 01`, iv: `5b d3 c7 1b 83 6e 0b 76 bb 73 26 5f` },
	serverApplication: { key: `9f 02 28 3b 6c 9c 07 ef c2 6b b9 f2 ac 92 e3 56`, iv: `cf 78 2b 88 dd 83 54 9a ad f1 e9 84` },
	clientApplication: { key: `17 42 2d da 59 6e d5 d9 ac d8 90 e3 c6 3f 50 51`, iv: `5b 78 92 3d ee 08 57 90 33 e5 23 d9` }
} as const;

/** "calculate finished "tls13 finished"": the finished keys ("expanded") and verify_data ("finished"). */
export const finished = {
	serverFinishedKey: `00 8d 3b 66 f8 16 ea 55 9f 96 b5 37 e8 85 c3 1f c0 68 bf 49 2c 65 2f 01 f2 88 a1 d8 cd c1 9f c8`,
	serverVerifyData: `9b 9b 14 1d 90 63 37 fb d2 cb dc e7 1d f4 de da 4a b4 2c 30 95 72 cb 7f ff ee 54 54 b7 8f 07 18`,
	clientFinishedKey: `b8 0a d0 10 15 fb 2f 0b d6 5f f7 d4 da 5d 6b f8 3f 84 82 1d 1f 87 fd c7 d3 c7 5b 5a 7b 42 d9 c4`,
	clientVerifyData: `a8 ec 43 6d 67 76 34 ae 52 5a c1 fc eb e1 1a 03 9e c1 76 94 fa c6 e9 85 27 b6 42 f2 ed d5 ce 61`
} as const;

/** The 50 bytes of application data each side sends, and the close_notify alert (warning, 0) each sends last. */
export const applicationData = `00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f
      20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31`;
export const closeNotify = `01 00`;

type TrafficKeyName = keyof typeof trafficKeys;

/**
 * The "complete record" of every protected record section 3 sends, with the keys that protect it and its
 * sequence number under them (each direction and stage counts from zero).
 */
export const records: Record<
	| 'serverHandshakeFlight'
	| 'clientFinished'
	| 'newSessionTicket'
	| 'clientApplicationData'
	| 'serverApplicationData'
	| 'clientAlert'
	| 'serverAlert',
	{ keys: TrafficKeyName; sequenceNumber: number; record: string }
> = {
	/** EncryptedExtensions, Certificate, CertificateVerify and Finished in one record. */
	serverHandshakeFlight: {
		keys: 'serverHandshake',
		sequenceNumber: 0,
		record: `17030302a2d1ff334a56f5bff6594a07cc87b580233f500f45e489e7f33af35e
      df7869fcf40aa40aa2b8ea73f848a7ca07612ef9f945cb960b4068905123ea78
      b111b429ba9191cd05d2a389280f526134aadc7fc78c4b729df828b5ecf7b13b
      d9aefb0e57f271585b8ea9bb355c7c79020716cfb9b1183ef3ab20e37d57a6b9
      d7477609aee6e122a4cf51427325250c7d0e509289444c9b3a648f1d71035d2e
      d65b0e3cdd0cbae8bf2d0b227812cbb360987255cc744110c453baa4fcd61092
      8d809810e4b7ed1a8fd991f06aa6248204797e36a6a73b70a2559c09ead68694
      5ba246ab66e5edd8044b4c6de3fcf2a89441ac66272fd8fb330ef8190579b368
      4596c960bd596eea520a56a8d650f563aad27409960dca63d3e688611ea5e22f
      4415cf9538d51a200c27034272968a264ed6540c84838d89f72c24461aad6d26
      f59ecaba9acbbb317b66d902f4f292a36ac1b639c637ce343117b65962224531
      7b49eeda0c6258f100d7d961ffb138647e92ea330faeea6dfa31c7a84dc3bd7e
      1b7a6c7178af36879018e3f252107f243d243dc7339d5684c8b0378bf30244da
      8c87c843f5e56eb4c5e8280a2b48052cf93b16499a66db7cca71e4599426f7d4
      61e66f99882bd89fc50800becca62d6c74116dbd2972fda1fa80f85df881edbe
      5a37668936b335583b599186dc5c6918a396fa48a181d6b6fa4f9d62d513afbb
      992f2b992f67f8afe67f76913fa388cb5630c8ca01e0c65d11c66a1e2ac4c859
      77b7c7a6999bbf10dc35ae69f5515614636c0b9b68c19ed2e31c0b3b66763038
      ebba42f3b38edc0399f3a9f23faa63978c317fc9fa66a73f60f0504de93b5b84
      5e275592c12335ee340bbc4fddd502784016e4b3be7ef04dda49f4b440a30cb5
      d2af939828fd4ae3794e44f94df5a631ede42c1719bfdabf0253fe5175be898e
      750edc53370d2b`
	},
	clientFinished: {
		keys: 'clientHandshake',
		sequenceNumber: 0,
		record: `170303003575ec4dc238cce60b298044a71e219c56cc77b0517fe9b93c7a4bfc
      44d87f38f80338ac98fc46deb384bd1caeacab6867d726c40546`
	},
	newSessionTicket: {
		keys: 'serverApplication',
		sequenceNumber: 0,
		record: `17030300de3a6b8f90414a97d6959c3487680de5134a2b240e6cffac116e95d4
      1d6af8f6b580dcf3d11d63c758db289a015940252f55713e061dc13e078891a3
      8efbcf5753ad8ef170ad3c7353d16d9da773b9ca7f2b9fa1b6c0d4a3d03f75e0
      9c30ba1e62972ac46f75f7b981be63439b2999ce13064615139891d5e4c5b406
      f16e3fc181a77ca475840025db2f0a77f81b5ab05b94c01346755f69232c8651
      9d86cbeeac87aac347d143f9605d64f650db4d023e70e952ca49fe5137121c74
      bc2697687e248746d6df353005f3bce18696129c8153556b3b6c6779b37bf159
      85684f`
	},
	clientApplicationData: {
		keys: 'clientApplication',
		sequenceNumber: 0,
		record: `1703030043a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f
      2b9819a8a5b46b395bd54a9a20441e2b62974e1f5a6292a2977014bd1e3deae6
      3aeebb21694915e4`
	},
	serverApplicationData: {
		keys: 'serverApplication',
		sequenceNumber: 1,
		record: `17030300432e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36
      e30efaf97d90e6dffc602dcb501a59a8fcc49c4bf2e5f0a21c0047c2abf33254
      0dd032e167c2955d`
	},
	clientAlert: {
		keys: 'clientApplication',
		sequenceNumber: 1,
		record: `1703030013c9872760655666b74d7ff1153efd6db6d0b0e3`
	},
	serverAlert: {
		keys: 'serverApplication',
		sequenceNumber: 2,
		record: `1703030013b58fd67166ebf599d24720cfbe7efa7a8864a9`
	}
};

/**
 * The PSK that the ticket above yields, and the binder a resuming client computes from it: section 3's
 * "generate resumption secret" and section 4's ("Resumed 0-RTT Handshake") "extract secret "early"" and
 * "calculate PSK binder". Here only to exercise the PSK path of the key schedule.
 */
export const resumption = {
	/** HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, 32). */
	ticketNonce: `00 00`,
	psk: `4e cd 0e b6 ec 3b 4d 87 f5 d6 02 8f 92 2c a4 c5 85 1a 27 7f d4 13 11 c9 e6 2d 2c 94 92 e1 c4 f3`,
	earlySecret: `9b 21 88 e9 b2 fc 6d 64 d7 1d c3 29 90 0e 20 bb 41 91 50 00 f6 78 aa 83 9c bb 79 7c b7 d8 33 2c`,
	/** Transcript-Hash of the ClientHello up to (not including) the binders. */
	binderHash: `63 22 4b 2e 45 73 f2 d3 45 4c a8 4b 9d 00 9a 04 f6 be 9e 05 71 1a 83 96 47 3a ef a0 1e 92 4a 14`,
	binderKey: `69 fe 13 1a 3b ba d5 d6 3c 64 ee bc c3 0e 39 5b 9d 81 07 72 6a 13 d0 74 e3 89 db c8 a4 e4 72 56`,
	binderFinishedKey: `55 88 67 3e 72 cb 59 c8 7d 22 0c af fe 94 f2 de a9 a3 b1 60 9f 7d 50 e9 0a 48 22 7d b9 ed 7e aa`,
	binder: `3a dd 4f b2 d8 fd f8 22 a0 ca 3c f7 67 8e f5 e8 8d ae 99 01 41 c5 92 4d 57 bb 6f a3 1b 9e 5f 9d`
} as const;
