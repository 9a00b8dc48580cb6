// 医院小程序 app.js 片段（文档示例，不在测试中运行）。
// The hospital mini-program's app.js (documentation, not tested).
//
// 发送方（粤健通）跳转时携带 code / the sender side (粤健通) opens us with the code:
//
//   wx.navigateToMiniProgram({
//     appId: '<医院小程序 appId / the hospital mini-program appId>',
//     path: 'pages/index/index',
//     extraData: { code },          // 一次性 code，5 分钟内有效 / single-use, valid 5 minutes
//   });
//
// 接收方（本小程序）在 onLaunch（冷启动）或 onShow（已在后台时被再次打开）里读取
// options.referrerInfo.extraData.code，并 POST 给医院后端 /sso/yjt。
// We read options.referrerInfo.extraData.code in onLaunch (cold start) or onShow (brought back
// from the background) and POST it to the hospital backend's /sso/yjt.

App({
  globalData: { user: null, sessionCookie: null },

  onLaunch(options) {
    this.loginWithYjt(options);
  },

  onShow(options) {
    // 小程序已在后台时，再次从粤健通进入只触发 onShow / a warm re-entry only fires onShow.
    this.loginWithYjt(options);
  },

  loginWithYjt(options) {
    const code = options.referrerInfo?.extraData?.code;
    if (!code || code === this.lastCode) return; // 同一 code 只提交一次 / submit a code only once
    this.lastCode = code;
    wx.request({
      url: 'https://hospital.example/sso/yjt', // 须在小程序后台配置为 request 合法域名 / a configured request domain
      method: 'POST',
      header: { 'content-type': 'application/json' },
      data: { code },
      success: (res) => {
        if (res.statusCode === 200) {
          // 小程序没有浏览器 Cookie：保存 Set-Cookie 里的会话 ID，后续请求带上 Cookie 头。
          // No browser cookies in a mini-program: keep the session id and send it as a Cookie header.
          const setCookie = res.header['Set-Cookie'] || res.header['set-cookie'] || '';
          this.globalData.sessionCookie = setCookie.split(';')[0]; // 'yjt_sid=…'
          this.globalData.user = res.data; // 只含脱敏字段 / masked fields only
        } else if (res.statusCode === 401 || res.statusCode === 400) {
          wx.showModal({ title: '登录失败', content: res.data.message, showCancel: false }); // 请从粤健通重新进入
        } else {
          wx.showToast({ title: '服务繁忙，请稍后重试', icon: 'none' }); // 503 / 502
        }
      },
      fail: () => wx.showToast({ title: '网络异常，请稍后重试', icon: 'none' }),
    });
  },
});
