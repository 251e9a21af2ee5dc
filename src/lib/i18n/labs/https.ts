/**
 * The HTTP vs HTTPS lab's strings (/learn/http-https/lab, keys `lab.https.*`), in both languages. They load with that page only, so the
 * first load of every other page does not carry them; the page registers them (registerMessages) before it renders.
 */
const en = {
	'lab.https.title': 'HTTP vs HTTPS, on the wire',
	'lab.https.lead': 'Type a request with something private in it. It is sent twice, as a laptop would send it: in clear to port 80, and inside a TLS 1.3 record (really encrypted here) to port 443. Below, what someone on the same Wi-Fi captures of each.',
	'lab.https.host': 'Host',
	'lab.https.path': 'Path and query',
	'lab.https.cookie': 'Cookie (leave empty for none)',
	'lab.https.send': 'Send both',
	'lab.https.seen': 'What the eavesdropper reads',
	'lab.https.value': 'In the request',
	'lab.https.readable': 'readable',
	'lab.https.hidden': 'not found',
	'lab.https.method': 'Found = the text occurs in the captured frame’s bytes (searched here, byte for byte). Frames: {http} bytes over HTTP, {https} over HTTPS.',
	'lab.https.http': 'HTTP: the TCP payload, in clear',
	'lab.https.http.about': 'Every header and the path are plain text: the eavesdropper reads them, and anyone on the path can change them.',
	'lab.https.https': 'HTTPS: the same request as a TLS record',
	'lab.https.https.about': 'Five bytes of header, then ciphertext and a 16-byte tag. Changing one byte makes the receiver reject the record.',
	'lab.https.still': 'What HTTPS does not hide',
	'lab.https.explore': 'How the keys for this record are agreed: the HTTPS explorer',
} as const;

const zhCN: Record<keyof typeof en, string> = {
	'lab.https.title': 'HTTP 与 HTTPS：线路上的区别',
	'lab.https.lead': '输入一个包含隐私信息的请求。它会像笔记本电脑那样被发送两次：一次以明文发往 80 端口，一次装在 TLS 1.3 记录里（这里真的加密）发往 443 端口。下面是同一 Wi-Fi 上的人能抓到的内容。',
	'lab.https.host': '主机',
	'lab.https.path': '路径和查询参数',
	'lab.https.cookie': 'Cookie（留空表示不带）',
	'lab.https.send': '两种方式都发送',
	'lab.https.seen': '窃听者能读到什么',
	'lab.https.value': '请求中的内容',
	'lab.https.readable': '可读',
	'lab.https.hidden': '找不到',
	'lab.https.method': '“可读”表示这段文本出现在抓到的帧字节中（这里逐字节搜索得出）。帧大小：HTTP {http} 字节，HTTPS {https} 字节。',
	'lab.https.http': 'HTTP：TCP 载荷，明文',
	'lab.https.http.about': '每个首部和路径都是明文：窃听者能读到，路径上的任何人也能篡改。',
	'lab.https.https': 'HTTPS：同一请求作为 TLS 记录',
	'lab.https.https.about': '5 字节头部，然后是密文和 16 字节认证标签。改动任何一个字节，接收方都会拒收这条记录。',
	'lab.https.still': 'HTTPS 隐藏不了的东西',
	'lab.https.explore': '这条记录的密钥是怎么协商出来的：HTTPS 探索器',
};

export const httpsLabMessages = { en, 'zh-CN': zhCN };
